from django.shortcuts import render


def conference_index(request):
    return render(request, "conferences/index.html")
