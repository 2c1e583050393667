import pytest

from opportunities.models import OpportunityType
from partners.models import OrganizationKind
from stats.selectors import ClusterRow, cluster_figures, compute_consortium_figures
from stats.tables import cross_border_table, public_tables
from tests.clusters.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def _row(cluster) -> ClusterRow:
    return ClusterRow(
        id=cluster.pk,
        slug=cluster.slug,
        name=cluster.name,
        short_name=cluster.short_name,
        country=str(cluster.country),
    )


def test_members_count_active_organizations_by_cluster_and_kind(network):
    figures = compute_consortium_figures()
    boston = network["clusters"]["boston"].pk
    assert figures.members[(boston, OrganizationKind.COMPANY)] == 1
    assert figures.members[(boston, OrganizationKind.INVESTOR)] == 1
    assert sum(figures.members.values()) == 5


def test_opportunities_by_type_count_published_ones_only(network):
    figures = compute_consortium_figures()
    assert figures.opportunity_types == {
        OpportunityType.TECHNOLOGY_OFFER: 2,
        OpportunityType.PARTNERSHIP: 1,
        OpportunityType.INVESTMENT_SOUGHT: 1,
    }


def test_a_sub_area_counts_once_for_its_top_area(network):
    figures = compute_consortium_figures()
    counts = dict(figures.technology_areas)
    # the assay (two sub-areas of Therapeutics) and the Boston offer (Therapeutics itself)
    assert counts["Test therapeutics"] == 2
    assert counts["Test devices"] == 1


def test_funnel_goes_from_published_to_interest_to_introduction(network):
    figures = compute_consortium_figures()
    assert (figures.published, figures.with_interest, figures.with_introduction) == (4, 3, 2)
    assert (figures.interests, figures.introductions) == (6, 4)


def test_cross_border_introductions_exclude_those_within_one_cluster(network):
    figures = compute_consortium_figures()
    assert figures.cross_border_introductions == 3
    assert figures.cross_border_share == pytest.approx(0.75)


def test_median_time_to_first_interest_is_in_days(network):
    # first interests after 2 (assay), 4 (device) and 8 (fund) days; none for the fourth
    assert compute_consortium_figures().median_days_to_first_interest == pytest.approx(4)


def test_matrix_sums_to_the_number_of_introductions(network):
    figures = compute_consortium_figures()
    assert sum(figures.matrix.values()) == figures.introductions


def test_matrix_rows_are_the_publishing_cluster(network):
    clusters = network["clusters"]
    figures = compute_consortium_figures()
    lyon, osaka = clusters["lyon"].pk, clusters["osaka"].pk
    assert figures.matrix[(lyon, osaka)] == 1
    assert figures.matrix[(osaka, lyon)] == 1
    assert figures.matrix[(lyon, lyon)] == 1


def test_matrix_table_has_a_row_and_a_column_per_cluster(network):
    ClusterFactory.create_batch(7)
    table = cross_border_table(compute_consortium_figures())
    body = [row for row in table.rows if not row.is_total]
    assert len(body) == 10
    assert all(len(row.cells) == 10 + 1 for row in body)  # ten clusters and a total
    assert table.rows[-1].cells[-1].value == 4


def test_matrix_cells_get_a_heat_level_by_intensity(network):
    table = cross_border_table(compute_consortium_figures())
    levels = {cell.level for row in table.rows if not row.is_total for cell in row.cells[:-1]}
    assert levels == {0, 5}  # every non-empty cell holds the maximum (1)


def test_every_table_lists_its_rows_in_the_csv(network):
    tables = public_tables(compute_consortium_figures())
    members = list(tables["members"].csv_rows())
    assert members[0][0] == "Cluster"
    assert members[-1][-1] == 5  # the grand total


def test_public_figures_take_a_constant_number_of_queries(network, django_assert_num_queries):
    # clusters, members, types, areas grouping, top areas, funnel, interest totals,
    # median, matrix
    with django_assert_num_queries(9):
        compute_consortium_figures()


def test_cluster_figures_count_both_directions(network):
    figures = cluster_figures(cluster=_row(network["clusters"]["lyon"]))
    assert figures.organizations == 2
    assert figures.interests_received == 4  # three on the assay, one on the device
    assert figures.interests_received_pending == 0
    assert figures.interests_sent == 2  # lyon_b → assay (own cluster), lyon_a → fund
    assert figures.introductions_received == 3
    assert figures.introductions_sent == 2


def test_cluster_figures_take_a_constant_number_of_queries(network, django_assert_num_queries):
    # organizations, opportunity statuses, interests both ways, median
    with django_assert_num_queries(4):
        cluster_figures(cluster=_row(network["clusters"]["lyon"]))


def test_matrix_marks_introductions_within_one_cluster(network):
    table = cross_border_table(compute_consortium_figures())
    body = [row for row in table.rows if not row.is_total]
    diagonal = [
        (i, j) for i, row in enumerate(body) for j, cell in enumerate(row.cells) if cell.diagonal
    ]
    assert diagonal == [(i, i) for i in range(len(body))]
