"""Google's service agents that kumo's keys name, made to exist before anything grants them a role.

On a fresh project an agent such as service-<number>@container-engine-robot.iam.gserviceaccount.com exists only
"at some point after you activate and use the API" (https://cloud.google.com/iam/docs/service-agents): a KMS
grant naming it before then fails with "Service account ... does not exist". So, per agent kumo's keys need
(service_facts.KEY_USERS):

- a primary service agent (container-engine-robot, cloud-filer, gcp-sa-gkebackup) is created first with
  `gcp.projects.ServiceIdentity` (the Service Usage API's generateServiceIdentity; a no-op when it exists), and
  granted the project role Google would have granted it (an agent created on request gets none:
  https://cloud.google.com/iam/docs/create-service-agents). Every grant to it names the identity's own
  `member` output, so it waits for the identity.
- the Compute Engine agent (compute-system) is not a primary agent and cannot be created on request; it exists
  once the Compute Engine API is enabled, which kumo needs before its first call (the data layer lists the
  region's zones through that API). Its grants wait for the API.

The role grant is project-wide, shared with every other user of the API in the project, and the same binding
Google makes itself when it creates the agent: it carries retain_on_delete (and the spec's deletion protection,
like kumo's other kept resources), so destroying a kumo stack does not revoke the agent's role from everything
else in the project. (The identity needs neither: deleting a ServiceIdentity is a no-op.)
"""

from __future__ import annotations

from collections.abc import Iterable

import pulumi
import pulumi_gcp as gcp

from components.gcp import service_facts
from components.gcp.scope import Agent, GcpScope


def api_short_name(api: str) -> str:
    """container.googleapis.com -> container (the key scope.opts takes for an enabled API)."""
    return api.split(".", 1)[0]


def build_agents(
    name: str, scope: GcpScope, project_number: pulumi.Output[str], keys: Iterable[str], *, protect: bool
) -> dict[str, Agent]:
    """The agents `keys` (service_facts.SERVICE_AGENTS keys) made to exist, by key (for `scope.with_agents`)."""
    agents: dict[str, Agent] = {}
    for key in dict.fromkeys(keys):
        fact = service_facts.SERVICE_AGENTS[key]
        api_short = api_short_name(fact.api)
        if not fact.primary:
            email = project_number.apply(lambda n, f=fact: f.email.format(number=n))
            ready = [scope.apis[api_short]] if api_short in scope.apis else []
            agents[key] = Agent(key=key, member=email.apply(lambda e: f"serviceAccount:{e}"), ready=ready)
            continue
        identity = gcp.projects.ServiceIdentity(
            f"{name}-agent-{key}",
            project=scope.project,
            service=fact.api,
            opts=scope.opts(api_short),
        )
        role = gcp.projects.IAMMember(
            f"{name}-agent-{key}-role",
            project=scope.project,
            role=fact.role,
            member=identity.member,
            opts=scope.opts(api_short, retain_on_delete=True, protect=protect),
        )
        agents[key] = Agent(key=key, member=identity.member, identity=identity, role=role, ready=[identity, role])
    return agents
