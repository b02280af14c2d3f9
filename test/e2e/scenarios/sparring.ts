/**
 * A teacher who is also her school's AKT adviser asks her AKT group for sparring about a case and
 * takes the request in the group's channel: the steps are in ../support/sparring.ts.
 */
import { sparringScenario } from '../support/sparring.js';

export default sparringScenario;
