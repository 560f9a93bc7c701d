import { z } from 'zod';
import { workflowOf } from '../../domain/project-schema.js';
import { targetsFrom } from '../../domain/workflow.js';
import { cards } from '../render.js';
import { type PromptDef, projectArg, projectHint, text } from './prompt.js';

const SHOWN = 20;

export const triagePrompt: PromptDef = {
  name: 'triage',
  title: 'Triage new tickets',
  description: 'Untriaged tickets (in their type’s first state) with the moves allowed from there.',
  args: { type: z.string().optional().describe('ticket type (default: every type)'), project: projectArg },
  complete: { type: 'type', project: 'project' },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const schema = await doc.schema();
    const types = a.type ? [workflowOf(schema, a.type.trim().toLowerCase())] : schema.types;
    const at = await projectHint(call, doc);
    const sections: string[] = [];
    for (const wf of types) {
      const page = await doc.list({ type: [wf.type], status: [wf.initial], limit: SHOWN });
      if (!page.items.length) continue;
      const targets = targetsFrom(wf, wf.initial);
      const more =
        page.next === null
          ? ''
          : `\nmore: ticket action=list type=${wf.type} status=${wf.initial} after=${page.next}${at}`;
      sections.push(`${wf.type}, ${wf.initial} → ${targets.join(' | ') || 'no moves'}:\n${cards(page.items)}${more}`);
    }
    if (!sections.length) {
      return [
        text(`Nothing to triage in ${doc.key}${a.type ? ` of type ${a.type}` : ''}: no ticket is in its first state.`),
      ];
    }
    return [
      text(
        `Triage these ${doc.key} tickets, oldest first. For each: read it if the card is not enough (ticket action=get${at}); ` +
          `move it to one of the states after the arrow (ticket action=move status=…${at}); set priority or assignee where ` +
          'needed (action=update); when you refuse or close one, say why (action=comment).\n\n' +
          sections.join('\n\n'),
      ),
    ];
  },
};
