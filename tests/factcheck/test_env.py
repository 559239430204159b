"""Unit tests for factcheck/env.py: a bad environment value fails loudly, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import email_settings, env_bool, env_int, env_list, env_renamed, env_str

NAME = "FACTCHECK_TEST_SETTING"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAME, raising=False)
    monkeypatch.delenv(f"{NAME}_FILE", raising=False)


# --- env_bool --------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_reads_true(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)
    assert env_bool(NAME, default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", ""])
def test_env_bool_reads_false(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)
    assert env_bool(NAME, default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_is_the_default(default: bool) -> None:
    assert env_bool(NAME, default=default) is default


@pytest.mark.parametrize("raw", ["2", "ture", "y", "enabled", "-1"])
def test_env_bool_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_bool(NAME, default=False)
    assert NAME in str(excinfo.value)
    assert repr(raw) in str(excinfo.value)


# --- env_int ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("300", 300), ("-5", -5), (" 42 ", 42)])
def test_env_int_reads_integers(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setenv(NAME, raw)
    assert env_int(NAME, 7) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_unset_or_empty_is_the_default(monkeypatch: pytest.MonkeyPatch, raw: str | None) -> None:
    if raw is not None:
        monkeypatch.setenv(NAME, raw)
    assert env_int(NAME, 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "5MB", "0x10"])
def test_env_int_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_int(NAME, 7)
    assert NAME in str(excinfo.value)
    assert repr(raw) in str(excinfo.value)


# --- env_list --------------------------------------------------------------------------------
def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, " factcheck.example.org, ,localhost,,127.0.0.1 ")
    assert env_list(NAME, ["default"]) == ["factcheck.example.org", "localhost", "127.0.0.1"]


def test_env_list_unset_is_the_default() -> None:
    assert env_list(NAME, ["localhost"]) == ["localhost"]


def test_env_list_set_but_empty_is_an_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    # An explicitly empty variable means "none", not "the default": ALLOWED_HOSTS= must not allow localhost.
    monkeypatch.setenv(NAME, "")
    assert env_list(NAME, ["localhost"]) == []


# --- env_renamed -----------------------------------------------------------------------------
def test_a_setting_under_its_old_name_is_refused_naming_the_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "5")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} is now FACTCHECK_NEW_NAME"):
        env_renamed(NAME, "FACTCHECK_NEW_NAME")


def test_no_setting_under_the_old_name_is_fine() -> None:
    env_renamed(NAME, "FACTCHECK_NEW_NAME")


# --- env_str and the *_FILE secret reader ----------------------------------------------------
def test_env_str_reads_the_variable_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_str(NAME, "fallback") == "fallback"
    assert env_str(NAME) == ""
    monkeypatch.setenv(NAME, "value")
    assert env_str(NAME, "fallback") == "value"


def test_env_str_file_wins_and_is_stripped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("  s3cret-from-a-docker-secret\n", encoding="utf-8")
    monkeypatch.setenv(NAME, "from-the-plain-variable")
    monkeypatch.setenv(f"{NAME}_FILE", str(secret))
    assert env_str(NAME) == "s3cret-from-a-docker-secret"


def test_env_str_unreadable_file_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-secret"
    monkeypatch.setenv(f"{NAME}_FILE", str(missing))
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_str(NAME, "fallback")
    assert f"{NAME}_FILE" in str(excinfo.value)
    assert str(missing) in str(excinfo.value)


def test_env_str_empty_file_variable_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{NAME}_FILE", "")
    monkeypatch.setenv(NAME, "value")
    assert env_str(NAME) == "value"


# --- email_settings --------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["", "console:", "console://"])
def test_email_console(url: str) -> None:
    assert email_settings(url) == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_email_locmem() -> None:
    assert email_settings("locmem:") == {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def test_email_plain_smtp_sink() -> None:
    settings = email_settings("smtp://127.0.0.1:1025")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "127.0.0.1"
    assert settings["EMAIL_PORT"] == 1025
    assert settings["EMAIL_HOST_USER"] == ""
    assert settings["EMAIL_HOST_PASSWORD"] == ""
    assert settings["EMAIL_USE_TLS"] is False
    assert settings["EMAIL_USE_SSL"] is False
    assert settings["EMAIL_TIMEOUT"] == 10


def test_email_smtp_without_port_uses_25() -> None:
    assert email_settings("smtp://mailpit")["EMAIL_PORT"] == 25


def test_email_starttls_with_credentials() -> None:
    settings = email_settings("smtp+tls://user:pw@mail.example.org:587")
    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "user"
    assert settings["EMAIL_HOST_PASSWORD"] == "pw"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False


def test_email_credentials_are_percent_decoded() -> None:
    # A password with @ or : must be percent-encoded in the URL; Django gets the real one.
    settings = email_settings("smtp+tls://editor%40example.org:p%40ss%3Aword@mail.example.org:587")
    assert settings["EMAIL_HOST_USER"] == "editor@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss:word"


def test_email_implicit_tls_defaults_to_465() -> None:
    settings = email_settings("smtps://user:pw@mail.example.org")
    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_USE_SSL"] is True
    assert settings["EMAIL_USE_TLS"] is False


def test_email_timeout_from_the_query() -> None:
    assert email_settings("smtp://127.0.0.1:1025?timeout=3")["EMAIL_TIMEOUT"] == 3


@pytest.mark.parametrize(
    "url", ["imap://mail.example.org", "http://mail.example.org", "mail.example.org:25", "smtp://"]
)
def test_email_bad_url_names_email_url(url: str) -> None:
    with pytest.raises(ImproperlyConfigured) as excinfo:
        email_settings(url)
    assert "EMAIL_URL" in str(excinfo.value)
    assert repr(url) in str(excinfo.value)
