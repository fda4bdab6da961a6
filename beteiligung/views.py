from django.shortcuts import render


def index(request):
    """Entry page of public participation."""
    return render(request, "beteiligung/index.html")
