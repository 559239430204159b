"""Placeholder view until each area of the UI has its own module."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sources.selectors import document_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/home.html", {"documents": document_list()[:20]})
