from django.shortcuts import render


def committee_list(request):
    return render(request, "gremien/index.html")


def committee_detail(request, slug):
    raise NotImplementedError


def nomination_create(request):
    raise NotImplementedError


def nomination_thanks(request):
    raise NotImplementedError
