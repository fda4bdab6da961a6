from django.shortcuts import render


def index(request):
    """Entry page of the MSO election."""
    return render(request, "wahlen/index.html")
