/**
 * The schema file on BlinkDesk's package page (0.11.0, ../shared/seeds/001_*.txt), byte for byte:
 * the file a BlinkDesk user hands to `docket init` unchanged. Every suite that checks BlinkDesk
 * compatibility uses this one copy.
 */
export const BLINKDESK_PAGE_SCHEMA = `[schema]
entities = ["ai", "alice"]
states = ["open", "in_progress", "closed"]
categories = ["support", "ops"]
transitions = [
  { from = "open", to = "in_progress" },
  { from = "in_progress", to = "closed" },
]

[options]
display_prefix = "BD-"
lock_entities = false
default_priority = "normal"
require_operator = false
audit_log = true
`;
