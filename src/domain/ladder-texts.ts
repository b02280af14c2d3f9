/**
 * The Danish texts of the ladder's recommendations: why a step is recommended (each sentence names
 * the part of Haderslev's strategic action guide, "handleguiden", or the law that says what the
 * sentence claims) and the short reminders (todo) that do not change the step.
 *
 * Kept apart from the rules in ladder.ts so that a sentence and its source can be read side by side.
 * A sentence is at most 300 characters (the recommendation card shows each as one line).
 */
import type { Effect } from './intake.js';
import { LAW } from './safeguarding.js';

const cite = (part: string) => `(handleguiden, ${part})`;

// The parts of the guide the sentences rest on.
const VEJEN = '»Vejen til styrkede læringsfællesskaber for alle børn og unge«';
const BOERN_OG_FORAELDRE = '»Børn og forældre – en inddragende tilgang«';
const MAAL = '»Mål- og indsatsplaner«';
const LEDELSE_FOREGRIBENDE = '»Faglig ledelse i de foregribende indsatser«';
const LEDELSE_INDGRIBENDE = '»Faglig ledelse i de indgribende indsatser«';
const JURIDISK = '»Skolelederens juridiske ansvar, når et barn har behov for en specialpædagogisk indsats«';
const TRIN = `trinene for mere indgribende indsatser under ${JURIDISK}`;
const DISTRIKTSRAADET = '»Distriktsrådet som professionelt læringsfællesskab«';
const PKU = '»Pædagogisk Koordinationsudvalg (PKU) som professionelt læringsfællesskab«';
const STRUKTUR = '»Struktur og organisering af de forebyggende, foregribende og indgribende indsatser«';
const FOREGRIBENDE = (row: string) => `oversigten over foregribende indsatser, ${row}`;
const SPARRING = FOREGRIBENDE('»Sparring og vejledning«');
const NETVAERKSMOEDE = FOREGRIBENDE('»Netværksmøde«');
const PPV = FOREGRIBENDE('»PPV«');
const AFTALER = FOREGRIBENDE('»PPV« og »Distriktsrådet«');
const FAMILIE = FOREGRIBENDE('»Tværfagligt samarbejde med familierådgivningen«');
const DISTRIKTSRAAD_RAEKKE = FOREGRIBENDE('»Distriktsrådet«');
const HENVISNING = 'oversigten over indgribende indsatser, »Henvisning til Pædagogisk Koordinationsudvalg (Visitation)«';
const MOEDEMODEL = 'modellen for netværksmøde og arbejdsmøde';

/** Why each step is recommended, in the order of the rules. */
export const BECAUSE = {
  indsamlData: `Der er endnu ikke indsamlet data. Observationer af læringsfællesskabet og barnet og test som fx trivselsmålinger er afsættet for de forebyggende indsatser ${cite(VEJEN)}.`,
  droeftITeamet: `Bekymringen er ikke drøftet i teamet endnu. I de forebyggende indsatser arbejder teamet systematisk med data, mål- og indsatsplaner, sparring og vejledning og inddrager barnet og forældrene ${cite(VEJEN)}.`,
  udarbejdPlan: `Der er ingen mål- og indsatsplan. Indsatserne beskrives i en skriftlig plan med mål, tegn på, hvordan målene nås, og hvornår indsatserne evalueres ${cite(MAAL)}.`,
  planerForBegge: `Mål- og indsatsplanerne rettes både mod læringsfællesskabet og barnet ${cite(VEJEN)}.`,
  evaluerPlan: `Planen er ikke evalueret endnu. De forebyggende indsatser følges løbende op og evalueres ud fra planens mål og tegn, og evalueringen viser, om der er brug for mere ${cite(VEJEN)}.`,
  fortsaetPlan: `Evalueringen viser, at planen virker. Teamet evaluerer og justerer indsatserne med afsæt i de aftalte mål ${cite(MAAL)}.`,
  /** Why the case is at foregribende: the preventive plan's evaluation, or advisers already involved. */
  foregribende: (planEvaluated: Effect): string => {
    if (planEvaluated === 'delvist') {
      return `Evalueringen viser, at de forebyggende indsatser virker delvist, men ikke er nok alene. Så iværksættes en foregribende indsats ${cite(VEJEN)}.`;
    }
    if (planEvaluated === 'virker') {
      return `Planen virker, men der er allerede inddraget vejledere, og sparring og vejledning hører til de foregribende indsatser ${cite(SPARRING)}.`;
    }
    return `Evalueringen viser, at de forebyggende indsatser ikke er tilstrækkelige, og så iværksættes en foregribende indsats ${cite(VEJEN)}.`;
  },
  sparringPlc: `I har ikke fået sparring endnu. En vejleder fra PLC kan bl.a. lave fokuserede observationer, deltage i teammøder og udvikle planen for læringsfællesskabet med jer ${cite(SPARRING)}.`,
  vejledereIGang: `Vejledernes indsatser er stadig i gang. I hvert led justeres og evalueres indsatserne ud fra planens mål, og næste led iværksættes, når teamet og vejlederne vurderer, at der er behov ${cite(VEJEN)}.`,
  sparringVirker: `Sparringen og de nye indsatser virker. Teamet evaluerer og justerer indsatserne med afsæt i de aftalte mål ${cite(MAAL)}.`,
  sparringEkstern: (adviserEffect: Effect): string =>
    `${adviserEffect === 'delvist' ? 'Sparringen fra skolens egne vejledere har hjulpet delvist, men er ikke nok alene.' : 'Sparringen fra skolens egne vejledere har ikke været nok.'} Næste led er en praksisvejleder eller Det rådgivende team, bl.a. med observationer, deltagelse i teammøder og et arbejdsmøde ${cite(SPARRING)}.`,
  arbejdsmoedeKraeverSamtykke: `Et arbejdsmøde om et bestemt barn etableres med samtykke fra forældrene, så aftal først det næste skridt med barnet og forældrene på et netværksmøde ${cite(MOEDEMODEL)}.`,
  distriktsraadFaellesskab: `Bekymringen gælder et læringsfællesskab, og den eksterne sparring er afprøvet. I distriktsrådet kan skolelederen få hjælp til at finde nye og bedre tilgange til konkrete udfordringer ${cite(DISTRIKTSRAADET)}.`,
  faellesskabHenvisesIkke: `Pædagogisk Koordinationsudvalg træffer afgørelse om skoletilbud til et barn eller en ung, så et læringsfællesskab henvises ikke ${cite(PKU)}.`,
  planForBarnet: `Der er kun en plan for læringsfællesskabet. Mål- og indsatsplanerne rettes både mod læringsfællesskabet og barnet ${cite(VEJEN)}.`,
  barnetsStemme: `I barnets plan beskrives barnets stemme og forældrenes perspektiv ${cite(BOERN_OG_FORAELDRE)}.`,
  planForFaellesskabet: `Der er kun en plan for barnet. Foregribende indsatser rettes altid mod det fællesskab, hvori barnet skal gives deltagelsesmuligheder ${cite(LEDELSE_FOREGRIBENDE)}.`,
  netvaerksmoede: `Der har ikke været holdt netværksmøde. Det er et samarbejdsmøde med barnet, forældrene, teamet, vejledere og rådgivere samt ledelsen ${cite(NETVAERKSMOEDE)}.`,
  aftalerPaaNetvaerksmoede: `Aftalen med forældrene om fx en PPV eller sparring i distriktsrådet indgås ved et netværksmøde ${cite(AFTALER)}.`,
  ppv: `Der er ingen pædagogisk-psykologisk vurdering. Efter aftale med forældrene ved et netværksmøde indstilles barnet til en PPV ${cite(PPV)}.`,
  ppvKvalificerer: `PPV'en understøtter og kvalificerer skolens tilrettelæggelse af en specialpædagogisk indsats ${cite(JURIDISK)}.`,
  ppvSamtykke: `Forældrene har endnu ikke givet samtykke til en PPV – et samtykke til fx et arbejdsmøde gælder ikke en PPV – og indstillingen sker efter aftale med dem ${cite(PPV)}.`,
  afventPpv: `Barnet er indstillet til PPV. I hvert led er der iværksat indsatser, som løbende justeres og evalueres med afsæt i målene i mål- og indsatsplanen ${cite(VEJEN)}.`,
  afgoerelse: `Der foreligger en PPV. Herefter udarbejder skoleledelsen en sagsfremstilling med partshøring og træffer afgørelse ${cite(TRIN)}.`,
  vidtgaaendeHenvises: `Vurderer skoleledelsen, at barnets specialpædagogiske behov bedst støttes af et mere vidtgående skoletilbud, henvises barnet til PKU ${cite(JURIDISK)}.`,
  bistandPaaSkolen: `Skoleledelsen har besluttet, at barnets behov kan mødes på skolen. PPV'en understøtter og kvalificerer skolens tilrettelæggelse af den specialpædagogiske indsats ${cite(JURIDISK)}.`,
  taetPaaAlmenomraadet: `Målet er deltagelsesmuligheder for barnet i eller så tæt på almenområdet som muligt ${cite(STRUKTUR)}.`,
  distriktsraadBarn: `Sagen er ikke drøftet i distriktsrådet. Skolelederen sikrer, at distriktsrådet har drøftet mulige foregribende indsatser, før der træffes afgørelse om et mere indgribende skoletilbud ${cite(PKU)}.`,
  distriktsraadSamtykke: `For et barn søger skoleledelsen sparring i distriktsrådet efter aftale med forældrene ved et netværksmøde, og den aftale mangler ${cite(DISTRIKTSRAAD_RAEKKE)}.`,
  henvisningSamtykke: `Forældrene har ikke sagt ja til en henvisning (et ja til fx en PPV gælder ikke den), og skoleledelsen henviser kun efter aftale med forældre og rådgivende psykolog ${cite(HENVISNING)}.`,
  aftalenPaaNetvaerksmoede: `Som ved PPV og distriktsrådet indgås aftalen med forældrene ved et netværksmøde ${cite(AFTALER)}.`,
  afklarMedPsykolog: `Den rådgivende psykolog er ikke enig i henvisningen endnu, og skoleledelsen henviser kun efter aftale med forældre og rådgivende psykolog ${cite(HENVISNING)}.`,
  henvisning: [
    `Indsatserne er afprøvet, der foreligger en PPV og velbeskrevne mål- og indsatsplaner, og forældrene og den rådgivende psykolog er enige: skoleledelsen kan henvise barnet ${cite(HENVISNING)}.`,
    `Skoleledelsen har truffet afgørelse efter en sagsfremstilling med partshøring, og sagen er drøftet i distriktsrådet ${cite(TRIN)}.`,
    `Med henvisningen sendes indsatsbeskrivelserne fra fællesskabet omkring barnet og for barnet, med mål, indsatser og evalueringer ${cite(JURIDISK)}.`,
    `Pædagogisk Koordinationsudvalg træffer afgørelse om et eventuelt specialiseret skoletilbud ${cite(PKU)}.`,
    `Et barn visiteres for et år og revisiteres hvert år med henblik på, at barnet kan vende tilbage til almenområdet ${cite(LEDELSE_INDGRIBENDE)}.`,
  ],
  familie: `Familien er en del af bekymringen: efter aftale med familien, vejlederen og skoleledelsen kan Familierådgivningen inddrages, fx ved en familierådslagning ${cite(FAMILIE)}.`,
  mangler: `En henvisning til PKU kræver bl.a. en PPV, afprøvede indsatser, velbeskrevne planer og aftale med forældre og rådgivende psykolog; det, der mangler, er listet ${cite(HENVISNING)}.`,
  sikkerhed: `Der er tegn på, at et barn ikke er i sikkerhed: den skærpede underretningspligt gælder nu, uanset trin på indsatstrappen (${LAW}).`,
  /** The parents are on hold: the step that waits, by its (playbook) title. */
  venterPaaKommunen: (heldTitle: string): string => {
    const title = Array.from(heldTitle).length > 80 ? `${Array.from(heldTitle).slice(0, 79).join('').trimEnd()}…` : heldTitle;
    return `Mistanken retter sig mod barnets hjem. Underret kommunen nu (${LAW}), og vent med »${title}«, der inddrager forældrene, til kommunen har vurderet underretningen og aftalt med jer, hvem der orienterer dem.`;
  },
} as const;

/** The reminders (todo) that do not change the step. */
export const TODO = {
  venterPaaKommunen: 'Vent med at inddrage forældrene, til kommunen har vurderet underretningen',
  barnetsPerspektiv: 'Inddrag barnets perspektiv',
  orienterForaeldrene: 'Orientér forældrene',
  inddragForaeldrene: 'Inddrag forældrene aktivt i indsatserne og i planen',
  boerneGruppen: 'Inddrag børnegruppen',
  foraeldreIKlassen: 'Orientér forældrene i klassen',
  mellemform: 'Overvej en mellemform',
  familieraadgivning: 'Aftal med familien, om Familierådgivningen skal inddrages',
  tovholder: 'Giv planen en tovholder og en evalueringsdato, og vælg hellere få indsatser end mange',
  pkuAfgoerelse:
    "Registrér Pædagogisk Koordinationsudvalgs afgørelse og dato på sagen (»Registrér PKU's afgørelse«); et specialiseret tilbud revisiteres hvert år, og botten minder skoleledelsen om det",
} as const;
