import { z } from 'zod';
import { invalid } from '../../domain/errors.js';
import { workflowOf } from '../../domain/project-schema.js';
import { targetsFrom } from '../../domain/workflow.js';
import { cards } from '../render.js';
import { type PromptDef, projectArg, projectHint, text } from './prompt.js';

const SHOWN = 20;

export const triagePrompt: PromptDef = {
  name: 'triage',
  title: 'Triage new tickets',
  description: 'Untriaged tickets (in their type’s first state) with the moves allowed from there.',
  args: {
    type: z.string().optional().describe('ticket type (default: every type)'),
    status: z.string().optional().describe('the column to triage (default: each type’s first state)'),
    label: z.string().optional().describe('only tickets with this tag'),
    project: projectArg,
  },
  complete: { type: 'type', status: 'status', label: 'label', project: 'project' },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const schema = await doc.schema();
    const status = a.status?.trim().toLowerCase() || undefined;
    const label = a.label?.trim().toLowerCase() || undefined;
    const types = (a.type ? [workflowOf(schema, a.type.trim().toLowerCase())] : schema.types).filter(
      (w) => status === undefined || w.states.includes(status),
    );
    if (!types.length) {
      const states = [...new Set(schema.types.flatMap((w) => w.states))].join(', ');
      throw invalid(
        `status '${status}' is not a state of ${a.type ? `type ${a.type}` : 'any type'}; states: ${states}`,
      );
    }
    const at = await projectHint(call, doc);
    const sections: string[] = [];
    for (const wf of types) {
      const column = status ?? wf.initial;
      const page = await doc.list({ type: [wf.type], status: [column], limit: SHOWN, ...(label ? { label } : {}) });
      if (!page.items.length) continue;
      const targets = targetsFrom(wf, column);
      const filter = `type=${wf.type} status=${column}${label ? ` tags=${label}` : ''}`;
      const more = page.next === null ? '' : `\nmore: ticket action=list ${filter} after=${page.next}${at}`;
      sections.push(`${wf.type}, ${column} → ${targets.join(' | ') || 'no moves'}:\n${cards(page.items)}${more}`);
    }
    if (!sections.length) {
      const what = [a.type && `of type ${a.type}`, status && `in ${status}`, label && `tagged ${label}`].filter(
        Boolean,
      );
      return [text(`Nothing to triage in ${doc.key}${what.length ? ` ${what.join(', ')}` : ''}.`)];
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
