/** Keeps Docket's layers one-directional: domain <- store <- core <- faces (see ../shared/STYLE.md). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain imports nothing else from src and no node: modules',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/'], dependencyTypesNot: ['npm', 'npm-dev'] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'backend-sees-only-store-contract-and-domain',
      comment: 'a backend imports the contract (src/store/*.ts) and domain, never core, a face, or the other backend',
      severity: 'error',
      from: { path: '^src/store/(sqlite|postgres)/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/store/[^/]+\\.ts$', '^src/store/$1/'] },
    },
    {
      name: 'core-knows-no-backend',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/store/(sqlite|postgres)/', '^src/(cli|mcp|http|web)/', '^src/open\\.ts$'] },
    },
    {
      name: 'faces-use-core-only',
      comment: 'faces import core and domain (and open.ts to pick a backend), never the store or each other',
      severity: 'error',
      from: { path: '^src/(cli|mcp|http|web)/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'faces-do-not-import-each-other',
      comment: 'the CLI is the composition root: its commands may start another face through that face\'s main.ts only',
      severity: 'error',
      from: { path: '^src/(cli|mcp|http|web)/' },
      to: { path: '^src/(cli|mcp|http|web)/', pathNot: ['^src/$1/', '^src/(mcp|http)/main\\.ts$'] },
    },
    {
      name: 'only-cli-commands-start-faces',
      severity: 'error',
      from: { path: '^src/(mcp|http|web)/' },
      to: { path: '^src/(cli|mcp|http|web)/main\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.test\\.ts$' },
  },
};
