from django.shortcuts import get_object_or_404, render

from .models import Organization


def organization_list_view(request):
    organizations = Organization.objects.filter(is_active=True, is_verified=True)
    return render(request, "partners/organization_list.html", {"organizations": organizations})


def organization_detail_view(request, slug: str):
    organization = get_object_or_404(Organization, slug=slug, is_active=True, is_verified=True)
    return render(request, "partners/organization_detail.html", {"organization": organization})
