"""One source of truth for the deployment: the compose file, the image, the
entrypoint and the scripts of `make demo` / `make prod` agree with
config/portal.ini on plugins, migrations and worker queues."""

from __future__ import annotations

import copy
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from ckanext.satudata import deployment

ROOT = deployment.ROOT
COMPOSE = ROOT / "docker" / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _text(*parts: str) -> str:
    return (ROOT.joinpath(*parts)).read_text(encoding="utf-8")


def test_the_compose_file_agrees_with_the_portal(compose):
    assert deployment.compose_problems(compose) == []


def test_a_plugin_removed_from_the_compose_file_is_found():
    text = COMPOSE.read_text(encoding="utf-8")
    assert " satudata_privacy " in text
    broken = yaml.safe_load(text.replace(" satudata_privacy ", " ", 1))
    assert sorted(deployment.compose_problems(broken)) == [
        f"{service}: plugin satudata_privacy of config/portal.ini missing"
        for service in ["migrate", "scheduler", "web", "worker"]
    ]


def test_plugins_out_of_order_or_unknown_are_found(compose):
    broken = copy.deepcopy(compose)
    env = broken["services"]["web"]["environment"]
    plugins = env["CKAN_PLUGINS"].split()
    plugins[0], plugins[1] = plugins[1], plugins[0]
    env["CKAN_PLUGINS"] = " ".join([*plugins, "harvest"])
    problems = deployment.compose_problems(broken)
    assert "web: harvest: not in config/portal.ini" in problems
    assert any(problem.startswith("web: order differs") for problem in problems)


def test_solr_search_needs_a_solr_service(compose):
    broken = copy.deepcopy(compose)
    del broken["services"]["solr"]
    assert "web: search by Solr but no solr service" in deployment.compose_problems(
        broken
    )


def test_every_compose_plugin_is_installed_in_the_image(compose):
    """The image installs requirements.txt (+ constraints) and this package:
    every plugin named must be an entry point of what is installed here
    from the same files."""
    names = {entry.name for entry in metadata.entry_points(group="ckan.plugins")}
    plugins = compose["services"]["web"]["environment"]["CKAN_PLUGINS"].split()
    assert [plugin for plugin in plugins if plugin not in names] == []
    dockerfile = _text("docker", "Dockerfile")
    assert "-r requirements.txt -c constraints.txt" in dockerfile
    assert "-r overrides.txt" in dockerfile
    assert re.search(r"^COPY \. \.$", dockerfile, re.M)


def test_the_image_migrates_every_plugin_with_migrations(compose):
    """``ckan db upgrade`` migrates core and every enabled plugin: the
    compose file's plugins hold every migrated plugin of the portal but the
    optional ones, and no script keeps a list of its own."""
    plugins = compose["services"]["migrate"]["environment"]["CKAN_PLUGINS"].split()
    expected = [
        name
        for name in deployment.migrated_plugins(deployment.portal_plugins())
        if name not in deployment.OPTIONAL_PLUGINS
    ]
    assert deployment.migrated_plugins(plugins) == expected
    entrypoint = _text("docker", "entrypoint.sh")
    assert re.search(r'migrate\)\n\s+"\$portal" migrate "\$ini"', entrypoint)
    assert '"$ckan" -c "$ini" db upgrade' in _text("scripts", "portal.sh")
    for path in [
        "Makefile",
        "scripts/serve.sh",
        "scripts/prod.sh",
        "docker/entrypoint.sh",
        "deploy/supervisord.conf",
    ]:
        assert "db upgrade -p" not in _text(path), f"{path} lists migrations of its own"


def test_the_worker_listens_to_every_queue_the_code_uses():
    assert deployment.queues_in_code() <= set(deployment.WORKER_QUEUES)
    assert {"satudata", "satudata_privacy"} <= deployment.queues_in_code()


def test_every_way_of_running_starts_the_same_worker(compose):
    """No script names queues of its own: demo, prod and the image start
    ``portal.sh worker``, which starts the portal's worker on
    ``WORKER_QUEUES``."""
    assert "satudata-operations worker" in _text("scripts", "portal.sh")
    assert 'scripts/portal.sh worker "$ini"' in _text("scripts", "serve.sh")
    assert "scripts/portal.sh worker" in _text("deploy", "supervisord.conf")
    assert re.search(
        r'worker\)\n\s+exec "\$portal" worker "\$ini"', _text("docker", "entrypoint.sh")
    )
    assert compose["services"]["worker"]["command"] == "worker"
    for path in [
        "Makefile",
        "scripts/serve.sh",
        "scripts/prod.sh",
        "scripts/portal.sh",
        "docker/entrypoint.sh",
        "deploy/supervisord.conf",
    ]:
        assert "jobs worker" not in _text(path), f"{path} starts a worker of its own"


def test_the_compose_services_have_health_checks_and_secrets_from_the_environment(
    compose,
):
    services = compose["services"]
    for name in ["nginx", "db", "redis", "solr"]:
        assert services[name].get("healthcheck"), name
    assert "HEALTHCHECK" in _text("docker", "Dockerfile")
    env = services["web"]["environment"]
    for key in ["CKAN_SECRET_KEY", "CKAN_JWT_SECRET"]:
        assert re.fullmatch(
            r"\$\{\w+:\?\}", env[key]
        ), f"{key} must come from the environment"
    assert "${POSTGRES_PASSWORD:?}" in env["CKAN_SQLALCHEMY_URL"]


def test_nginx_of_compose_and_make_prod_is_one_file(compose):
    volumes = compose["services"]["nginx"]["volumes"]
    assert (
        "../deploy/nginx/portal.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in volumes
    )
    assert "deploy/nginx/portal.conf.template" in _text("scripts", "prod.sh")
    template = _text("deploy", "nginx", "portal.conf.template")
    used = set(re.findall(r"\$\{(\w+)\}", template))
    given = set(compose["services"]["nginx"]["environment"])
    assert used <= given, used - given
    assert used <= set(
        re.findall(r"export (SATUDATA_\w+)=", _text("scripts", "prod.sh"))
    )


def test_the_solr_image_uses_the_schema_of_the_installed_ckan():
    dockerfile = _text("docker", "Dockerfile")
    assert "FROM solr:9" in dockerfile
    assert re.search(r"COPY --from=portal \S+/ckan/config/solr/schema.xml", dockerfile)
    assert Path(deployment.__file__).exists()
