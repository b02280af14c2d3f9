/**
 * Sparring requests (issue #5): a team asks an adviser group for help with a case, an adviser
 * takes the request, and answers, passes it on, or declines it. Pure: the groups and states with
 * their Danish labels, the request form's schema, the consent rule, the CPR refusal, the SLA
 * deadline, and `decide`, which says whether a transition is allowed and what it changes.
 *
 * The parts, one concern each, under src/domain/sparring/: pools.ts (the groups and the consent
 * rule), states.ts (states, events, actions and their labels), form.ts (the forms, their bounds and
 * messages), prefill.ts (what the form starts from), transitions.ts (the lifecycle, who may act,
 * `decide` and what a change does) and sla.ts (the SLA deadline). Importers use this file.
 */
export * from './sparring/pools.js';
export * from './sparring/states.js';
export * from './sparring/form.js';
export * from './sparring/prefill.js';
export * from './sparring/transitions.js';
export * from './sparring/sla.js';
