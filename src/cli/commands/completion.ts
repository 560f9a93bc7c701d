import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Session } from '../session.js';

interface Node {
  readonly names: readonly string[];
  readonly description: string;
  readonly options: readonly string[];
  readonly valued: readonly string[];
  readonly children: readonly Node[];
}

function nodeOf(cmd: Command): Node {
  const visible = cmd.options.filter((o) => !o.hidden);
  const flags = (all: typeof cmd.options) => all.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
  return {
    names: [cmd.name(), ...cmd.aliases()],
    description: cmd.summary() || cmd.description().split('\n')[0] || '',
    options: [...flags(visible), '--help'],
    valued: flags(cmd.options.filter((o) => o.required || o.optional)),
    children: cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map(nodeOf),
  };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const words = (list: readonly string[]) => list.join(' ');

/** The command path of the words typed so far, skipping options and the values they take. */
const SCAN = (valued: string) => `  local -a cmdpath=()
  local skip=0 w
  for w in "\${line[@]}"; do
    if (( skip )); then skip=0; continue; fi
    case "$w" in
      ${valued}) skip=1 ;;
      -*) ;;
      *) cmdpath+=("$w") ;;
    esac
  done`;

function cases(root: Node, fn: (key: string, n: Node) => string): string {
  const out: string[] = [];
  const walk = (n: Node, prefix: string[]) => {
    for (const name of n.names) {
      const key = [...prefix, name].slice(1).join(' ');
      out.push(`    ${quote(key)}) ${fn(key, n)} ;;`);
    }
    for (const c of n.children) walk(c, [...prefix, n.names[0]!]);
  };
  walk(root, []);
  return out.join('\n');
}

const valuedOf = (root: Node): string => {
  const all = new Set<string>();
  const walk = (n: Node) => {
    for (const v of n.valued) all.add(v);
    n.children.forEach(walk);
  };
  walk(root);
  return [...all].join('|') || '--never';
};

function bash(root: Node): string {
  return `# docket completion for bash: source <(docket completion bash)
_docket() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local -a line=("\${COMP_WORDS[@]:1:COMP_CWORD-1}")
${SCAN(valuedOf(root))}
  local key="\${cmdpath[*]}" subs="" opts=""
  case "$key" in
${cases(root, (_k, n) => `subs=${quote(words(n.children.flatMap((c) => c.names)))}; opts=${quote(words(n.options))}`)}
    *) subs=""; opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [[ -n "$subs" ]]; then COMPREPLY=( $(compgen -W "$subs" -- "$cur") )
  else COMPREPLY=( $(compgen -f -- "$cur") ); fi
}
complete -o default -F _docket docket
`;
}

function zsh(root: Node): string {
  const described = (n: Node) =>
    n.children.flatMap((c) => c.names.map((name) => `${name.replace(/:/g, '\\:')}:${c.description.replace(/'/g, '')}`));
  return `#compdef docket
# docket completion for zsh: source <(docket completion zsh)
_docket() {
  local -a line=("\${(@)words[2,CURRENT-1]}") subs opts
${SCAN(valuedOf(root))}
  local key="\${(j: :)cmdpath}"
  case "$key" in
${cases(root, (_k, n) => `subs=(${described(n).map(quote).join(' ')}); opts=(${n.options.map(quote).join(' ')})`)}
    *) subs=(); opts=() ;;
  esac
  if [[ "$PREFIX" == -* ]]; then compadd -- "\${opts[@]}"
  elif (( \${#subs} )); then _describe 'command' subs
  else _files; fi
}
compdef _docket docket
`;
}

function fish(root: Node): string {
  const out = ['# docket completion for fish: docket completion fish | source', 'complete -c docket -f'];
  const walk = (n: Node, path: string[]) => {
    const cond = path.length ? `'__fish_seen_subcommand_from ${path[path.length - 1]}'` : '__fish_use_subcommand';
    for (const c of n.children) {
      for (const name of c.names)
        out.push(`complete -c docket -n ${cond} -a ${quote(name)} -d ${quote(c.description)}`);
    }
    for (const flag of n.options) {
      const spec = flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      out.push(`complete -c docket -n ${cond} ${spec}`);
    }
    for (const c of n.children) walk(c, [...path, c.names[0]!]);
  };
  walk(root, []);
  return `${out.join('\n')}\n`;
}

/** `docket completion bash|zsh|fish`: prints a completion script generated from the commands themselves. */
export async function completion(s: Session, shell: string): Promise<void> {
  let root = s.command;
  while (root?.parent) root = root.parent;
  if (!root) throw new Error('completion needs the command tree');
  const tree = nodeOf(root);
  const scripts: Record<string, (n: Node) => string> = { bash, zsh, fish };
  const make = scripts[shell.toLowerCase()];
  if (!make) throw new UsageError(`completion takes bash, zsh or fish, not '${shell}'`);
  s.out(make(tree));
}
