import pytest

from tests.cases.helpers import case_data
from training.cases import service
from training.extensions import db


@pytest.fixture
def case(synced_content, guard_ready):
    """The test case, published; guard_ready: its reflection step passes the privacy guard."""
    service.sync_case_files([("cases/proefcasus.yaml", case_data())])
    db.session.commit()
    return service.get_case("proefcasus")
