"""API for a user's own tokens (list, create, revoke) and `/api/v1/me/` (who am I, and my role)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.tokens.models import ApiToken
from claims.tokens.selectors import tokens_of
from claims.tokens.services import TokenNameTaken, api_token_create, api_token_revoke
from sources.permissions import is_editor


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "key_start", "created_at", "last_used_at"]
        read_only_fields = ["key_start", "created_at", "last_used_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The secret key. Shown only now: store it safely.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your API tokens. Any signed-in user may create and revoke their own; nobody sees others'."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ApiToken.objects.none()
        return tokens_of(user=self.request.user)

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ApiTokenSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        try:
            token, key = api_token_create(user=request.user, name=form.validated_data["name"])
        except TokenNameTaken as taken:
            raise serializers.ValidationError({"name": [ErrorDetail(str(taken), code="duplicate")]}) from None
        token.key = key
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=["admin", "editor", "reader"])


class MeView(APIView):
    """The signed-in user and their role."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        role = "admin" if user.is_staff else "editor" if is_editor(user) else "reader"
        return Response(MeSerializer({"id": user.pk, "username": user.get_username(), "role": role}).data)
