"""hubspot_meetings: the facade over the generated HubSpot Meetings v3 client."""
