from django.shortcuts import get_object_or_404, render

from .selectors import cluster_list


def cluster_list_view(request):
    return render(request, "clusters/cluster_list.html", {"clusters": cluster_list()})


def cluster_detail_view(request, slug: str):
    cluster = get_object_or_404(cluster_list(), slug=slug)
    return render(request, "clusters/cluster_detail.html", {"cluster": cluster})
