/**
 * Adaptive Cards, the one door for the rest of the bot: the templates in `adaptive-cards/`, their
 * view-model schemas, the view builders that fill them, the one render function and the verb table.
 */
export * from './render.js';
export * from './schemas.js';
export * from './views.js';
export * from './routing.js';
export * from './verbs.js';
