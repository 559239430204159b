"""HTML views of the browser UI."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sources.selectors import document_list


def home(request: HttpRequest) -> HttpResponse:
    documents = document_list()[:20]
    return render(request, "frontend/home.html", {"documents": documents})
