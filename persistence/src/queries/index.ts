export * from './users';
export * from './sessions';
export * from './tokens';
export * from './workspaces';
export * from './members';
export * from './items';
export * from './sync-admission';
export * from './workspace-activity';
