import type { FixWording } from '../domain/fixes.js';

/** How an HTTP client fixes a refusal: the route to call. */
export const REST_FIXES: FixWording = {
  create_project: () => 'create it with POST /projects',
  add_entity: () => 'add it with POST /projects/{name}/entities',
  list_entities: () => 'GET /projects/{name}/entities lists who exists',
  add_category: () => 'add it with POST /projects/{name}/categories',
  pick_ready: () => 'pick another (GET /projects/{name}/tickets/ready)',
  name_actor: () => 'send a Docket-Actor header, or use a token made with --as',
  get_token: () => "ask the server's operator for a token (docket token create)",
};
