import type { Tool } from '../../tool.js';
import { countTicketsByEntityTool } from './count-tickets-by-entity.js';
import { entityGetTool } from './entity-get.js';
import { entityListTool } from './entity-list.js';
import { ticketCommentAddTool } from './ticket-comment-add.js';
import { ticketCreateTool } from './ticket-create.js';
import { ticketGetTool } from './ticket-get.js';
import { ticketListTool } from './ticket-list.js';
import { ticketUpdateTool } from './ticket-update.js';

/** The eight tools BlinkDesk's documentation lists, with its parameter names. */
export const BLINKDESK_TOOLS: readonly Tool[] = [
  ticketListTool,
  ticketGetTool,
  ticketCreateTool,
  ticketUpdateTool,
  ticketCommentAddTool,
  countTicketsByEntityTool,
  entityListTool,
  entityGetTool,
];
