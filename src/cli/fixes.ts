import type { FixWording } from '../domain/fixes.js';

/** How a person at a terminal fixes a refusal: the command to run. */
export const CLI_FIXES: FixWording = {
  create_project: () => 'create it with: docket init',
  add_entity: (f) => `add it with: docket entity add ${f.entity}`,
  list_entities: () => 'docket entity list shows who exists',
  add_category: (f) => `add it with: docket category add ${f.category}`,
  pick_ready: () => 'pick another (docket ready)',
  name_actor: () => 'act as an entity (--as NAME or DOCKET_ACTOR)',
  get_token: () => 'create one with: docket token create',
};
