import type { FixWording } from '../domain/fixes.js';

/** How an agent fixes a refusal: with the tools it has, never with a shell command it may not have. */
export const MCP_FIXES: FixWording = {
  create_project: (f) => `create it with ticket_admin action=project_add name=${f.project}`,
  add_entity: (f) => `add it with ticket_admin action=entity_set name=${f.entity}`,
  list_entities: () => 'ticket_admin action=entities lists who exists',
  add_category: (f) => `add it with ticket_admin action=category_add name=${f.category}`,
  pick_ready: () => 'pick another (ticket action=ready)',
  name_actor: () => 'this server must act as an entity: start it with --as NAME, or use a token made with --as',
  get_token: () => "ask the server's operator for a token (docket token create)",
};
