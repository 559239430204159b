"""The deployment files: docker-compose.yml, Dockerfile, Procfile and .env.example.

No Docker engine runs here, so these tests read the files and check that what they name exists:
every command's program, module, Celery app, management command and option; the shared
environment and the services it points at; one beat process.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import shlex
import shutil
import string
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import click
import dj_database_url
import pytest
import yaml
from celery.app.utils import find_app
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.conf import settings
from django.core.management import get_commands, load_command_class
from gunicorn.config import Config as GunicornConfig
from honcho.command import map_from
from honcho.command import parser as honcho_parser
from honcho.environ import Env, expand_processes, parse_procfile
from honcho.environ import parse as parse_dotenv

from factcheck.env import email_settings

BASE_DIR = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
ALL_SERVICES = ("web", "worker", "beat", "postgres", "redis", "mailpit")
SHELL_OPERATORS = {"&&", "||", ";", "|", "&"}
# Runs the command after it (again whenever it fails): the Procfile's worker.
RESTART_ON_FAILURE = "bin/restart-on-failure"
# All a `manage.py check` subprocess inherits; everything else it gets is spelled out by the test.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")

# Importing factcheck.wsgi builds the middleware; WhiteNoise warns that var/static is not collected here.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


# --- Reading the files -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def app_env(services: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {name: str(value) for name, value in services["web"]["environment"].items()}


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    text = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(
        r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    )
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, arguments = line.strip().partition(" ")
            instructions.append((instruction.upper(), arguments.strip()))
    return instructions


@pytest.fixture(scope="module")
def procfile() -> dict[str, str]:
    return dict(parse_procfile((BASE_DIR / "Procfile").read_text(encoding="utf-8")).processes)


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    # honcho's own parser: what `honcho start` will really put in the environment.
    return parse_dotenv((BASE_DIR / ".env.example").read_text(encoding="utf-8"))


def interpolate(value: str, environ: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME-default}`, as `docker compose` expands them."""

    def expand(match: re.Match[str]) -> str:
        name, colon, default = match.group(1), match.group(2), match.group(3)
        if default is None:
            return environ.get(name, "")
        if colon:
            return environ.get(name) or default
        return environ.get(name, default)

    return re.sub(r"\$\{(\w+)(?:(:?)-([^}]*))?\}", expand, value)


def settings_env_names() -> set[str]:
    """Every variable factcheck/settings.py reads through the env_* helpers."""
    tree = ast.parse((BASE_DIR / "factcheck" / "settings.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"env_str", "env_bool", "env_int", "env_list"}
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


# --- Checking that a command names real things -----------------------------------------------
def simple_commands(command: str | list[str], *, shell: bool = False) -> list[list[str]]:
    """The programs a command runs, each as its argument list; `sh -c` scripts are looked into."""
    if shell:
        assert isinstance(command, str)
        parts = re.split(r"&&|\|\||;", command)
        return [tokens for part in parts for tokens in simple_commands(part.strip())]
    tokens = list(command) if isinstance(command, list) else shlex.split(command)
    if tokens[:2] in (["sh", "-c"], ["bash", "-c"], ["/bin/sh", "-c"]):
        return simple_commands(tokens[2], shell=True)
    if tokens[0] == RESTART_ON_FAILURE:
        assert os.access(BASE_DIR / RESTART_ON_FAILURE, os.X_OK), f"{RESTART_ON_FAILURE} is not executable"
        return simple_commands(tokens[1:])
    # Compose and Docker exec a command without a shell: `&&` would be passed on as an argument.
    assert not SHELL_OPERATORS & set(tokens), f"{tokens}: shell operators need `sh -c`"
    return [tokens]


def check_gunicorn(args: list[str]) -> None:
    parsed, unknown = GunicornConfig(prog="gunicorn").parser().parse_known_args(args)
    assert not unknown, f"gunicorn does not know {unknown}"
    assert len(parsed.args) == 1, f"gunicorn needs one WSGI target, got {parsed.args}"
    module_name, _, attribute = parsed.args[0].partition(":")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute or "application", None)), f"{parsed.args[0]} is not a WSGI app"


def check_celery(args: list[str]) -> None:
    top_level = celery_cli.make_context("celery", list(args), resilient_parsing=True)
    app_name = top_level.params["app"]
    assert app_name == "factcheck", f"celery -A {app_name}: the Celery app is factcheck.celery.app"
    app = find_app(app_name)
    assert app is importlib.import_module("factcheck.celery").app
    subcommand = next(arg for arg in args if arg in celery_cli.commands)
    options = args[args.index(subcommand) + 1 :]
    parent = click.Context(celery_cli, info_name="celery", obj=CLIContext(app, True, None, quiet=True))
    try:
        celery_cli.commands[subcommand].make_context(subcommand, options, parent=parent)
    except click.UsageError as exc:
        pytest.fail(f"celery {subcommand} {shlex.join(options)}: {exc}")


def check_manage(args: list[str]) -> None:
    name, options = args[0], args[1:]
    commands = get_commands()
    assert name in commands, f"manage.py {name} is not a management command"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    parser.parse_args(options)  # raises CommandError on an unknown option


def check_command(command: str | list[str], *, shell: bool = False) -> list[list[str]]:
    """Fail unless every program in the command exists and accepts its arguments."""
    runs = simple_commands(command, shell=shell)
    for tokens in runs:
        program, args = tokens[0], tokens[1:]
        if program == "gunicorn":
            check_gunicorn(args)
        elif program == "celery":
            check_celery(args)
        elif program == "python" and args[:1] == ["manage.py"]:
            assert (BASE_DIR / "manage.py").is_file()
            check_manage(args[1:])
        else:
            pytest.fail(f"{shlex.join(tokens)}: this test does not know how to check {program!r}")
    return runs


def manage_commands(runs: list[list[str]]) -> list[str]:
    return [tokens[2] for tokens in runs if tokens[:2] == ["python", "manage.py"]]


def celery_subcommands(runs: list[list[str]]) -> list[str]:
    return [next(a for a in tokens if a in celery_cli.commands) for tokens in runs if tokens[0] == "celery"]


def volume_mounts(service: dict[str, Any]) -> dict[str, str]:
    """A service's volumes (short syntax) as {path in the container: volume name or host path}."""
    return {mount.split(":")[1]: mount.split(":")[0] for mount in service.get("volumes", [])}


def requirement_names() -> set[str]:
    lines = (BASE_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return {
        re.split(r"[=<>~\[; ]", line, maxsplit=1)[0].lower() for line in lines if line and line[0].isalnum()
    }


# --- docker-compose.yml ----------------------------------------------------------------------
def test_compose_has_the_six_services(services: dict[str, dict[str, Any]]) -> None:
    assert set(ALL_SERVICES) <= set(services)


def test_compose_app_services_build_this_repository(services: dict[str, dict[str, Any]]) -> None:
    for name in APP_SERVICES:
        assert services[name].get("build") == ".", name


def test_compose_commands_name_real_modules_apps_and_commands(services: dict[str, dict[str, Any]]) -> None:
    built = {name: service for name, service in services.items() if "build" in service}
    assert set(APP_SERVICES) <= set(built)
    for name, service in built.items():
        assert "command" in service, f"{name} relies on the image's CMD; say what it runs"
        check_command(service["command"])


def test_compose_web_runs_gunicorn(services: dict[str, dict[str, Any]]) -> None:
    [runs] = simple_commands(services["web"]["command"])
    assert runs[0] == "gunicorn"
    parsed = GunicornConfig(prog="gunicorn").parser().parse_args(runs[1:])
    assert parsed.args == ["factcheck.wsgi:application"]
    assert parsed.bind == ["0.0.0.0:8000"]
    assert parsed.workers == 3
    assert "8000:8000" in services["web"]["ports"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_migrates_and_collects_static_before_the_app_starts(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    one_shots = [
        dependency
        for dependency, condition in services[name]["depends_on"].items()
        if condition.get("condition") == "service_completed_successfully"
    ]
    assert one_shots, f"{name} must wait for a one-shot service that migrates"
    commands = [
        c for one_shot in one_shots for c in manage_commands(check_command(services[one_shot]["command"]))
    ]
    assert "migrate" in commands
    assert "collectstatic" in commands


def test_compose_static_files_reach_web(services: dict[str, dict[str, Any]], dockerfile: list) -> None:
    # collectstatic runs in the migrate container; web only sees its files through a shared volume
    # mounted where STATIC_ROOT is inside the image.
    workdir = PurePosixPath([args for instruction, args in dockerfile if instruction == "WORKDIR"][-1])
    static_root = str(workdir / Path(settings.STATIC_ROOT).relative_to(BASE_DIR).as_posix())
    collecting = [
        name
        for name, service in services.items()
        if "build" in service and "collectstatic" in manage_commands(simple_commands(service["command"]))
    ]
    assert collecting
    web_static = volume_mounts(services["web"]).get(static_root)
    assert web_static, f"web does not mount a volume at {static_root}"
    for name in collecting:
        assert volume_mounts(services[name]).get(static_root) == web_static, f"{name} collects elsewhere"


def test_compose_worker_and_beat_commands(services: dict[str, dict[str, Any]]) -> None:
    assert celery_subcommands(simple_commands(services["worker"]["command"])) == ["worker"]
    assert celery_subcommands(simple_commands(services["beat"]["command"])) == ["beat"]


def test_compose_runs_exactly_one_beat(services: dict[str, dict[str, Any]]) -> None:
    # Two beat processes would send every periodic task (the weekly digest) twice.
    beats = [
        name
        for name, service in services.items()
        if "command" in service and "beat" in celery_subcommands(simple_commands(service["command"]))
    ]
    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert services["beat"].get("scale", 1) == 1


def test_compose_app_services_share_one_environment(services: dict[str, dict[str, Any]]) -> None:
    built = [name for name, service in services.items() if "build" in service]
    web_env = services["web"]["environment"]
    assert isinstance(web_env, dict) and web_env
    for name in built:
        assert services[name]["environment"] == web_env, f"{name}'s environment differs from web's"
        # The same YAML anchor: one block to edit, so they cannot drift apart.
        assert services[name]["environment"] is web_env, f"{name} does not use the shared environment anchor"


def test_compose_environment_is_the_deployment_one(app_env: dict[str, str]) -> None:
    assert app_env["DEBUG"] == "0"
    assert app_env["ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    assert app_env["SECURE_SSL_REDIRECT"] == "0"
    # The host's SECRET_KEY wins over the placeholder.
    assert app_env["SECRET_KEY"].startswith("${SECRET_KEY:-")
    assert interpolate(app_env["SECRET_KEY"], {"SECRET_KEY": "from-the-host"}) == "from-the-host"
    assert len(interpolate(app_env["SECRET_KEY"], {})) >= 50


def test_compose_database_url_is_the_postgres_service(
    services: dict[str, dict[str, Any]], app_env: dict[str, str]
) -> None:
    database = dj_database_url.parse(app_env["DATABASE_URL"])
    postgres = services["postgres"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "postgres"
    assert database["PORT"] == 5432
    assert database["USER"] == postgres["environment"]["POSTGRES_USER"]
    assert database["PASSWORD"] == postgres["environment"]["POSTGRES_PASSWORD"]
    assert database["NAME"] == postgres["environment"]["POSTGRES_DB"]
    assert postgres["image"].startswith("postgres:16")


def test_compose_redis_url_is_the_redis_service(services: dict[str, Any], app_env: dict[str, str]) -> None:
    assert re.fullmatch(r"redis://redis:6379/\d+", app_env["REDIS_URL"])
    assert services["redis"]["image"].startswith("redis:7")


def test_compose_email_url_is_the_mailpit_service(services: dict[str, Any], app_env: dict[str, str]) -> None:
    email = email_settings(app_env["EMAIL_URL"])
    assert email["EMAIL_HOST"] == "mailpit"
    assert email["EMAIL_PORT"] == 1025  # Mailpit's SMTP port
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    assert "8025:8025" in services["mailpit"]["ports"]  # its web UI


def test_compose_app_services_wait_for_healthy_postgres_and_redis(services: dict[str, Any]) -> None:
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"], f"{name} has no healthcheck to wait for"
    assert "pg_isready" in str(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli" in str(services["redis"]["healthcheck"]["test"])
    for name, service in services.items():
        if "build" in service:
            for dependency in ("postgres", "redis"):
                condition = service["depends_on"][dependency]
                assert condition == {"condition": "service_healthy"}, f"{name} on {dependency}: {condition}"


def test_compose_postgres_keeps_its_data_in_a_named_volume(compose: dict[str, Any]) -> None:
    volume = volume_mounts(compose["services"]["postgres"])["/var/lib/postgresql/data"]
    assert volume in compose["volumes"]
    for service in compose["services"].values():
        for source in volume_mounts(service).values():
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], f"named volume {source} is not declared"


def test_compose_environment_is_accepted_by_settings(app_env: dict[str, str]) -> None:
    env = {name: interpolate(value, {}) for name, value in app_env.items()}
    result = run_manage_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Dockerfile ------------------------------------------------------------------------------
def test_dockerfile_installs_the_pinned_requirements(dockerfile: list[tuple[str, str]]) -> None:
    assert dockerfile[0][0] == "FROM"
    assert dockerfile[0][1].startswith("python:3.11-slim")
    installs = [args for instruction, args in dockerfile if instruction == "RUN" and "pip install" in args]
    assert installs
    requirement_files = [m for args in installs for m in re.findall(r"-r\s+(\S+)", args)]
    assert requirement_files == ["requirements.txt"]
    assert "--no-cache-dir" in installs[0]
    requirements = (BASE_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    unpinned = [line for line in requirements if line and line[0].isalnum() and "==" not in line]
    assert not unpinned, f"unpinned requirements: {unpinned}"


def test_dockerfile_copies_every_local_app(dockerfile: list[tuple[str, str]]) -> None:
    sources = set()
    for instruction, args in dockerfile:
        if instruction == "COPY":
            words = [w for w in args.split() if not w.startswith("--")]
            for source in words[:-1]:
                assert (BASE_DIR / source).exists() or source == ".", f"COPY {source}: no such file"
                sources.add(source.rstrip("/"))
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    local_apps = {package for package in packages if (BASE_DIR / package).is_dir()}
    needed = {"manage.py", "factcheck", *local_apps}
    assert "." in sources or needed <= sources, f"the image lacks {needed - sources}"


def test_dockerfile_runs_unbuffered_as_a_non_root_user(dockerfile: list[tuple[str, str]]) -> None:
    env = " ".join(args for instruction, args in dockerfile if instruction == "ENV")
    assert re.search(r"PYTHONUNBUFFERED=1\b", env)
    users = [args for instruction, args in dockerfile if instruction == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_dockerfile_default_command_is_gunicorn(dockerfile: list[tuple[str, str]]) -> None:
    [cmd] = [args for instruction, args in dockerfile if instruction == "CMD"]
    runs = check_command(yaml.safe_load(cmd) if cmd.startswith("[") else cmd)
    assert runs[0][0] == "gunicorn"


def test_programs_are_installed_by_the_requirements(
    services: dict[str, Any], procfile: dict[str, str]
) -> None:
    commands = [service["command"] for service in services.values() if "build" in service]
    runs = [tokens for command in commands for tokens in simple_commands(command)]
    runs += [tokens for line in procfile.values() for tokens in simple_commands(line, shell=True)]
    programs = {tokens[0] for tokens in runs} - {"python"}
    assert programs <= requirement_names()
    assert "honcho" in requirement_names()  # runs the Procfile


# --- Procfile --------------------------------------------------------------------------------
def test_procfile_has_web_worker_and_beat(procfile: dict[str, str]) -> None:
    assert set(procfile) == {"web", "worker", "beat"}


def test_procfile_commands_name_real_apps_and_commands(procfile: dict[str, str]) -> None:
    # honcho runs each line through a shell.
    web = check_command(procfile["web"], shell=True)
    assert web[0][0] == "gunicorn" or manage_commands(web) == ["runserver"]
    assert celery_subcommands(check_command(procfile["worker"], shell=True)) == ["worker"]
    beat = check_command(procfile["beat"], shell=True)
    assert celery_subcommands(beat) == ["beat"]


def make_run_services_honcho_start(*make_variables: str) -> tuple[dict[str, str], list[str]]:
    """The `honcho start` line of `make run-services` (make's dry run): its variable assignments, and
    honcho's arguments."""
    make_env = {name: value for name, value in os.environ.items() if name not in {"PORT", "MAKEFLAGS"}}
    dry_run = subprocess.run(
        ["make", "-n", "run-services", *make_variables],
        cwd=BASE_DIR,
        env=make_env,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [line for line in dry_run.stdout.splitlines() if "honcho start" in line]
    words = shlex.split(line, comments=True)
    assignments = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        assignments[name] = value
    assert PurePosixPath(words[0]).name == "honcho"
    return assignments, words[1:]


def web_port_under_make_run_services(app_root: Path, dotenv: str, *make_variables: str) -> int:
    """The port web listens on under `make run-services` with this .env, as honcho works it out: its
    reading of its options and .env, the $PORT it hands each Procfile process, and web's command with it."""
    (app_root / ".env").write_text(dotenv, encoding="utf-8")
    _, arguments = make_run_services_honcho_start(*make_variables)
    options = honcho_parser.parse_args([*arguments, "--app-root", str(app_root)])
    procfile = parse_procfile((BASE_DIR / "Procfile").read_text(encoding="utf-8"))
    processes = expand_processes(
        procfile.processes, env=parse_dotenv(dotenv), port=Env(map_from(options)).port
    )
    [web] = [process for process in processes if process.name == "web.1"]
    [command] = simple_commands(string.Template(web.cmd).substitute(web.env), shell=True)
    assert manage_commands([command]) == ["runserver"]
    return int(command[-1].rpartition(":")[2])


def test_make_run_services_runs_the_procfile_with_the_venvs_programs(procfile: dict[str, str]) -> None:
    # A user who has not activated the virtualenv: its python and celery must still be the ones found.
    assignments, _ = make_run_services_honcho_start()
    path = string.Template(assignments.get("PATH", "$PATH")).substitute(PATH="/usr/bin:/bin")
    venv_bin = BASE_DIR / ".venv" / "bin"
    for line in procfile.values():
        for tokens in simple_commands(line, shell=True):
            found = shutil.which(tokens[0], path=path)
            assert found and Path(found).parent == venv_bin, f"{tokens[0]} is {found}, not the venv's"


@pytest.mark.parametrize(
    ("dotenv", "make_variables", "port"),
    [
        (".env.example", (), 8000),  # honcho alone would start at 5000
        ("PORT=8032\n", (), 8032),
        ("PORT=8032\n", ("PORT=9000",), 8032),  # .env wins, as it does for every other setting
        ("", ("PORT=9000",), 9000),  # as `make run PORT=9000`
    ],
)
def test_procfile_web_listens_on_8000_unless_port_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dotenv: str, make_variables: tuple[str, ...], port: int
) -> None:
    monkeypatch.delenv("PORT", raising=False)  # honcho would take its start from the shell's PORT too
    if dotenv == ".env.example":
        dotenv = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    assert web_port_under_make_run_services(tmp_path, dotenv, *make_variables) == port


def test_procfile_beat_schedule_directory_exists(procfile: dict[str, str]) -> None:
    [beat] = simple_commands(procfile["beat"], shell=True)
    schedule = Path(beat[beat.index("--schedule") + 1])
    assert (BASE_DIR / schedule).parent.is_dir(), f"beat cannot write {schedule}"


def test_workers_run_without_gossip_and_mingle(
    services: dict[str, dict[str, Any]], procfile: dict[str, str]
) -> None:
    # Nothing here uses the workers' broadcasts; with them on, every time Redis drops the worker logs
    # "Error on restarting Gossip" with a traceback (Celery 5.x), which an operator reads as a crash.
    # tests/worker.py starts its workers the same way.
    for command in (services["worker"]["command"], procfile["worker"]):
        [worker] = simple_commands(command, shell=True)
        assert {"--without-gossip", "--without-mingle"} <= set(worker), command


# --- .env.example ----------------------------------------------------------------------------
def test_env_is_never_committed() -> None:
    # `make run-services` copies .env.example to .env, which then holds the deployment's secrets
    # (SECRET_KEY, the SMTP password in EMAIL_URL): `git add -A` must not pick it up.
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=BASE_DIR, check=False)
    assert ignored.returncode == 0, ".env is not in .gitignore"


def test_env_example_points_at_the_services_on_this_machine(env_example: dict[str, str]) -> None:
    database = dj_database_url.parse(env_example["DATABASE_URL"])
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"]) == ("127.0.0.1", 5432)
    assert env_example["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    email = email_settings(env_example["EMAIL_URL"])
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("127.0.0.1", 1025)


def test_env_example_documents_every_setting() -> None:
    text = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    missing = settings_env_names() - documented
    assert not missing, f".env.example does not mention {sorted(missing)}"


def test_env_example_is_accepted_by_settings(env_example: dict[str, str]) -> None:
    result = run_manage_check(env_example)
    assert result.returncode == 0, result.stdout + result.stderr


def run_manage_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`manage.py check` in a fresh process that sees only `env` (and PATH/HOME)."""
    process_env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    process_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
