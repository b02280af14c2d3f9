/**
 * The safeguarding card's view builder.
 */
import type { Playbook } from '../../domain/playbook.js';
import type { Safeguarding } from '../../domain/recommendation.js';
import { formatAnswer } from '../../domain/questions.js';
import { renderCard } from '../render.js';
import type { Card } from '../common.js';

export function safeguardingCard(s: Safeguarding, playbook: Playbook): Card {
  return renderCard('safeguarding', {
    acute: s.acute,
    title: s.title,
    concerns: s.concerns.map((c) => formatAnswer('safety', [c], playbook)),
    actions: s.actions,
    basis: s.basis,
    leadershipNote: 'Underretningspligten er din egen: den er ikke opfyldt, fordi du har fortalt det til skoleledelsen eller en kollega.',
  });
}
