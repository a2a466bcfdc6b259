"""EmulatorConfig: every knob of the emulator in one frozen attrs class.

Secrets (tokens, API keys, client secrets) are excluded from the repr so a config can be logged.
Where HubSpot's behaviour is undocumented or has changed over time, the choice is a setting here
rather than a hard-coded guess; docs/hubspot-behaviour.md names the setting next to each such fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = ["DEFAULT_TOKEN", "PROPERTY_TYPES", "EmulatorConfig"]

# The private-app token the emulator accepts unless configured otherwise. It is not a
# HubSpot credential: it only ever authenticates against the emulator.
DEFAULT_TOKEN = "pat-emulator-token"

PROPERTY_TYPES = frozenset({"string", "datetime", "enumeration", "number"})
_KNOWN_OBJECT_TYPES = frozenset(
    {"meetings", "calls", "notes", "tasks", "emails", "contacts", "companies", "deals", "tickets"}
)
_PROPERTY_SPEC_KEYS = frozenset({"unique", "type", "options"})


def _frozen_strings(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        # A bare string would otherwise become a set of characters.
        return frozenset({value})
    return frozenset(value)


def _check_strings(name: str, values: frozenset[str]) -> None:
    for v in values:
        if not isinstance(v, str) or not v:
            raise ValueError(f"EmulatorConfig.{name}: every entry must be a non-empty string")


def _check_custom_properties(
    _inst: object, _attr: attrs.Attribute[Any], value: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> None:
    for object_type, props in value.items():
        where = f"EmulatorConfig.custom_properties[{object_type!r}]"
        if object_type not in _KNOWN_OBJECT_TYPES:
            raise ValueError(
                f"{where}: unknown object type; expected one of {sorted(_KNOWN_OBJECT_TYPES)}"
            )
        if not isinstance(props, Mapping):
            raise TypeError(f"{where}: expected a mapping of property name -> spec")
        for name, spec in props.items():
            here = f"{where}[{name!r}]"
            if not isinstance(name, str) or not name:
                raise ValueError(f"{where}: property names must be non-empty strings")
            if not isinstance(spec, Mapping):
                raise TypeError(f"{here}: expected a mapping like {{'unique': True}}")
            unknown = set(spec) - _PROPERTY_SPEC_KEYS
            if unknown:
                raise ValueError(
                    f"{here}: unknown keys {sorted(unknown)}; allowed {sorted(_PROPERTY_SPEC_KEYS)}"
                )
            ptype = spec.get("type", "string")
            if ptype not in PROPERTY_TYPES:
                raise ValueError(f"{here}: type {ptype!r} not in {sorted(PROPERTY_TYPES)}")
            if ptype == "enumeration" and not spec.get("options"):
                raise ValueError(f"{here}: an enumeration needs non-empty 'options'")


def _positive(_inst: object, attr: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value <= 0:
        raise ValueError(f"EmulatorConfig.{attr.name} must be > 0, got {value!r}")


@attrs.frozen(kw_only=True)
class EmulatorConfig:
    """How the emulated HubSpot account behaves.

    ``custom_properties`` adds properties per object type, e.g.
    ``{"meetings": {"my_unique_prop": {"unique": True}}}``; a spec may also give ``type``
    (string | datetime | enumeration | number) and ``options`` (for enumerations).
    """

    # --- authentication ---------------------------------------------------------------
    require_auth: bool = True
    private_app_tokens: frozenset[str] = attrs.field(
        default=frozenset({DEFAULT_TOKEN}), converter=_frozen_strings, repr=False
    )
    api_keys: frozenset[str] = attrs.field(
        default=frozenset(), converter=_frozen_strings, repr=False
    )
    # client_id -> client_secret of the OAuth apps allowed to use the token endpoint.
    oauth_clients: Mapping[str, str] = attrs.field(
        factory=lambda: {"emulator-client-id": "emulator-client-secret"}, repr=False
    )
    oauth_access_token_ttl: float = attrs.field(default=1800.0, validator=_positive)
    # HubSpot documents refresh tokens as long-lived and reusable ("store the refresh token you
    # get when initiating your OAuth integration and use it to generate a new access token"):
    # no rotation, the default. A server that rotates issues a new refresh token with every
    # refresh and retires the old one either at once ("on_rotation": if the answer is lost in
    # transit, so is the only valid token) or only once the new one is used, to refresh or
    # through an access token it yielded ("on_successor_use", as grace-period rotation does:
    # sending the old token again after a lost answer gets a fresh pair).
    oauth_rotate_refresh_tokens: bool = False
    oauth_retire_old_refresh_token: Literal["on_rotation", "on_successor_use"] = attrs.field(
        default="on_rotation",
        validator=attrs.validators.in_(("on_rotation", "on_successor_use")),
    )
    oauth_scopes: tuple[str, ...] = (
        "oauth",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
    )
    hub_id: int = 12345678
    app_id: int = 4242424

    # --- rate limits ------------------------------------------------------------------
    rate_limits_enabled: bool = True
    ten_second_limit: int = attrs.field(default=100, validator=_positive)
    # Public OAuth apps get their own burst limit (110 today); None means ten_second_limit.
    oauth_ten_second_limit: int | None = attrs.field(default=None, validator=_positive)
    daily_limit: int = attrs.field(default=250_000, validator=_positive)
    search_per_second_limit: int = attrs.field(default=5, validator=_positive)
    # HubSpot does not document Retry-After on CRM 429s, so it is absent unless set here.
    retry_after_seconds: float | None = attrs.field(default=None, validator=_positive)

    # --- objects and paging -----------------------------------------------------------
    base_url: str = "https://api.hubapi.com"
    first_id: int = attrs.field(default=51_234_567_001, validator=_positive)
    max_list_limit: int = attrs.field(default=100, validator=_positive)
    max_batch_inputs: int = attrs.field(default=100, validator=_positive)
    max_history_batch_inputs: int = attrs.field(default=50, validator=_positive)
    # The docs disagree: requested-but-unset properties come back as null, or are left out.
    unset_requested_properties: Literal["null", "omit"] = attrs.field(
        default="null", validator=attrs.validators.in_(("null", "omit"))
    )
    custom_properties: Mapping[str, Mapping[str, Mapping[str, Any]]] = attrs.field(
        factory=dict, validator=_check_custom_properties
    )

    # HubSpot's sources disagree: the spec limits the search *query* to 3,000 characters (always
    # enforced here), the search docs say "if the body of your request exceeds 3,000 characters,
    # a 400 error will be returned". Set 3000 to model the docs' reading; None (default) follows
    # the spec, so a 3,000-character query with filters is accepted.
    search_max_body_chars: int | None = None

    # HubSpot documents nothing about gzip request bodies; True decodes them (as servers
    # behind Cloudflare commonly do), False reads them as they arrive (so they fail as JSON).
    decode_gzip_requests: bool = True

    # --- response shapes (docs/hubspot-behaviour.md, "Response shapes (emulator fidelity)") -
    # Who created a record, in hs_object_source*: every recorded app write says INTEGRATION
    # with the app id (app_id) as hs_object_source_id; the error-handling docs' example says
    # API with the label INTERNAL_PROCESSING and no id.
    object_source: Literal["INTEGRATION", "API"] = attrs.field(
        default="INTEGRATION", validator=attrs.validators.in_(("INTEGRATION", "API"))
    )
    # Records carry ``url`` (<base>/contacts/<hub_id>/record/<type id>/<id>) in 2025-2026
    # recordings and docs; older ones have none. None leaves it out.
    record_url_base: str | None = "https://app.hubspot.com"
    # HubSpot answers 404 with JSON here; users of the official clients have also been sent
    # Jetty's HTML error page and empty bodies. "html" / "empty" serve those instead.
    not_found_body: Literal["json", "html", "empty"] = attrs.field(
        default="json", validator=attrs.validators.in_(("json", "html", "empty"))
    )

    # --- request limits ---------------------------------------------------------------
    # The properties guide: a string property is "limited to 65,536 characters".
    max_property_value_chars: int = attrs.field(default=65_536, validator=_positive)
    # HubSpot documents no request-body limit. 100 MiB is the Cloudflare proxy limit its API
    # sits behind (Cloudflare answers 413 there; the emulator answers HubSpot's 400 instead) and
    # about the largest legal batch: 100 inputs x ~15 writable properties x 65,536 characters.
    max_request_body_bytes: int = attrs.field(default=100 * 1024 * 1024, validator=_positive)

    # --- associations -----------------------------------------------------------------
    # HubSpot refuses to associate a record that does not exist (400 "One or more associations
    # are invalid"). True models that for every association write and makes reads of an unknown
    # record 404; False accepts any numeric id (for a test about something else that links to
    # records it does not want to create).
    require_association_records: bool = True
    # The associations guide says 1,000 batch-read inputs; the changelog first announced 100
    # (from January 2025), then 1,000 (from February 10, 2025).
    max_association_batch_read_inputs: int = attrs.field(default=1000, validator=_positive)
    # Documented for batch create; the other batch writes document no limit and get this one.
    max_association_batch_write_inputs: int = attrs.field(default=2000, validator=_positive)
    # GET .../associations/{toObjectType}: "Limit 500 per call" (spec: limit default 500).
    max_association_page_limit: int = attrs.field(default=500, validator=_positive)
    # The v4 spec types toObjectId/fromObjectId as strings; the docs' example responses and
    # captured bodies carry numbers.
    association_object_ids: Literal["number", "string"] = attrs.field(
        default="number", validator=attrs.validators.in_(("number", "string"))
    )

    # --- faults -----------------------------------------------------------------------
    # Cloudflare answers some 502s with an HTML page rather than HubSpot JSON.
    html_502: bool = False

    def __attrs_post_init__(self) -> None:
        _check_strings("private_app_tokens", self.private_app_tokens)
        _check_strings("api_keys", self.api_keys)
        for client_id, secret in self.oauth_clients.items():
            if not isinstance(client_id, str) or not client_id:
                raise ValueError("EmulatorConfig.oauth_clients: client ids must be non-empty")
            if not isinstance(secret, str) or not secret:
                raise ValueError(
                    f"EmulatorConfig.oauth_clients[{client_id!r}]: the secret must be non-empty"
                )
        for name in ("base_url", "record_url_base"):
            url = getattr(self, name)
            if url is not None and not url.startswith(("http://", "https://")):
                raise ValueError(
                    f"EmulatorConfig.{name} must start with http:// or https://, got {url!r}"
                )
