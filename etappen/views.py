from django.shortcuts import render


def index(request):
    """Entry page of both stages."""
    return render(request, "etappen/index.html")
