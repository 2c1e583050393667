"""Cluster staff edit their own cluster's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clusters.forms import ClusterForm
from clusters.models import Cluster
from clusters.permissions import get_editable_cluster
from clusters.services import cluster_update
from core.forms import attach_error
from partners.mfa import signed_in_view


@signed_in_view("GET", "HEAD", "POST")
def cluster_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_editable_cluster(request.user, slug)
    # The form validates against its own copy so the service sees what actually changed.
    form = ClusterForm(request.POST or None, instance=Cluster.objects.get(pk=cluster.pk))
    if request.method == "POST" and form.is_valid():
        try:
            cluster_update(actor=request.user, cluster=cluster, data=form.service_data())
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The cluster page has been saved."))
            return redirect("clusters:detail", slug=cluster.slug)
    return render(request, "clusters/cluster_form.html", {"cluster": cluster, "form": form})
