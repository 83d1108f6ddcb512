// Demo data: plain constants, all fictional (names, companies, e-mails, web sites).
// src/seed/demo.ts turns them into rows. Text shown to users is in French.
import type { ContractType, EstablishmentKind, RqthStatus, UserStatus } from '../lib/db.ts'

// ───────────────────────── Places ─────────────────────────

/** Cities used by the demo, with their département code (for the "Ville ou département" filter). */
export const CITY_DEPARTMENTS = {
  Toulouse: '31',
  Montpellier: '34',
  Albi: '81',
  Montauban: '82',
  Carcassonne: '11',
  Nîmes: '30',
  Strasbourg: '67',
  Nancy: '54',
  Metz: '57',
  Reims: '51',
  Mulhouse: '68',
  Bordeaux: '33',
} as const

export type DemoCity = keyof typeof CITY_DEPARTMENTS

// ───────────────────────── Conventions, établissements ─────────────────────────

export type ConventionKey = 'occitanie' | 'grandEst'

export const CONVENTIONS: { key: ConventionKey; name: string; region: string }[] = [
  { key: 'occitanie', name: 'Atouts pour tous Occitanie', region: 'Occitanie' },
  { key: 'grandEst', name: 'Atouts pour tous Grand Est', region: 'Grand Est' },
]

export type EstablishmentKey =
  | 'utCapitole'
  | 'lyceeSeverac'
  | 'capEmploi31'
  | 'missionLocaleToulouse'
  | 'univMontpellier'
  | 'capEmploi34'
  | 'unistra'
  | 'lyceeLoritz'
  | 'capEmploi51'
  | 'missionLocaleMetz'

export const DEMO_ESTABLISHMENT_NAME = 'Université Toulouse Capitole – Relais handicap'

export const ESTABLISHMENTS: {
  key: EstablishmentKey
  convention: ConventionKey
  name: string
  kind: EstablishmentKind
  city: DemoCity
}[] = [
  { key: 'utCapitole', convention: 'occitanie', name: DEMO_ESTABLISHMENT_NAME, kind: 'UNIVERSITE', city: 'Toulouse' },
  { key: 'lyceeSeverac', convention: 'occitanie', name: 'Lycée Déodat-de-Séverac – BTS', kind: 'LYCEE', city: 'Toulouse' },
  { key: 'capEmploi31', convention: 'occitanie', name: 'Cap emploi Haute-Garonne', kind: 'CAP_EMPLOI', city: 'Toulouse' },
  { key: 'missionLocaleToulouse', convention: 'occitanie', name: 'Mission locale de Toulouse', kind: 'MISSION_LOCALE', city: 'Toulouse' },
  { key: 'univMontpellier', convention: 'occitanie', name: 'Université de Montpellier – Mission handicap', kind: 'UNIVERSITE', city: 'Montpellier' },
  { key: 'capEmploi34', convention: 'occitanie', name: 'Cap emploi Hérault', kind: 'CAP_EMPLOI', city: 'Montpellier' },
  { key: 'unistra', convention: 'grandEst', name: 'Université de Strasbourg – Mission handicap', kind: 'UNIVERSITE', city: 'Strasbourg' },
  { key: 'lyceeLoritz', convention: 'grandEst', name: 'Lycée Henri-Loritz – BTS', kind: 'LYCEE', city: 'Nancy' },
  { key: 'capEmploi51', convention: 'grandEst', name: 'Cap emploi Marne', kind: 'CAP_EMPLOI', city: 'Reims' },
  { key: 'missionLocaleMetz', convention: 'grandEst', name: 'Mission locale du Pays messin', kind: 'MISSION_LOCALE', city: 'Metz' },
]

// ───────────────────────── Employers ─────────────────────────

export type Sector =
  | 'Numérique'
  | 'Banque – Assurance'
  | 'Transport – Logistique'
  | 'Santé – Social'
  | 'Agriculture – Environnement'
  | 'Hôtellerie – Restauration – Tourisme'
  | 'Industrie'
  | 'Associatif – Solidarité'
  | 'Commerce – Distribution'
  | 'Énergie'
  | 'Conseil'

export type EmployerKey =
  | 'garonneNumerique'
  | 'mutuelleOc'
  | 'transportsPastel'
  | 'cliniqueCoteaux'
  | 'terresDuTarn'
  | 'hotelsDuCanal'
  | 'aeroComposites'
  | 'solidaritesJeunesse'
  | 'librairiesRhin'
  | 'vosgesEnergies'
  | 'champagneLogistique'
  | 'estuaireConseil'

export const DEMO_EMPLOYER_NAME = 'Garonne Numérique'
/** Not a partner of any convention: its offers must never be visible to a candidate. */
export const NON_PARTNER_EMPLOYER_NAME = 'Estuaire Conseil'

export type DemoEmployer = {
  key: EmployerKey
  name: string
  sector: Sector
  city: DemoCity
  /** every place of work, the first one being `city`; offers rotate over them */
  places: DemoCity[]
  website: string
  contactEmail: string
  description: string
  conventions: ConventionKey[]
  /** job templates to use (defaults to the employer's sector) */
  templateSector?: Sector
  /** use only the first N templates */
  maxOffers?: number
}

export const EMPLOYERS: DemoEmployer[] = [
  {
    key: 'garonneNumerique',
    name: DEMO_EMPLOYER_NAME,
    sector: 'Numérique',
    city: 'Toulouse',
    places: ['Toulouse', 'Albi'],
    website: 'https://www.garonne-numerique.example',
    contactEmail: 'recrutement@garonne-numerique.example',
    description:
      'Garonne Numérique est une entreprise de services numériques toulousaine de 120 personnes qui conçoit des sites et des applications pour les collectivités et les PME de la région. ' +
      "Nous faisons de l'accessibilité numérique notre spécialité : chaque projet est testé avec des utilisateurs en situation de handicap. " +
      'Nos équipes travaillent en mode hybride, avec deux jours de télétravail par semaine et du matériel adapté à chacun.',
    conventions: ['occitanie'],
  },
  {
    key: 'mutuelleOc',
    name: "Mutuelle Solidaire d'Oc",
    sector: 'Banque – Assurance',
    city: 'Montpellier',
    places: ['Montpellier', 'Toulouse', 'Nîmes'],
    website: 'https://www.mutuelle-solidaire-oc.example',
    contactEmail: 'emploi@mutuelle-solidaire-oc.example',
    description:
      "Mutuelle régionale à but non lucratif, la Mutuelle Solidaire d'Oc protège 180 000 adhérents en santé et prévoyance. " +
      'Ses 40 agences accueillent le public du Gard à la Haute-Garonne. ' +
      "Signataire d'un accord handicap depuis 2015, elle forme chaque année des alternants à ses métiers de la relation client.",
    conventions: ['occitanie'],
  },
  {
    key: 'transportsPastel',
    name: 'Transports Pastel',
    sector: 'Transport – Logistique',
    city: 'Toulouse',
    places: ['Toulouse', 'Montauban'],
    website: 'https://www.transports-pastel.example',
    contactEmail: 'rh@transports-pastel.example',
    description:
      'Transports Pastel est une entreprise familiale de transport et de logistique créée en 1978, forte de 350 salariés. ' +
      'Depuis ses plateformes de Toulouse et de Montauban, elle livre les commerces et les industriels de tout le Sud-Ouest. ' +
      "Les postes d'entrepôt sont équipés d'aides à la manutention et les horaires peuvent être aménagés.",
    conventions: ['occitanie'],
  },
  {
    key: 'cliniqueCoteaux',
    name: 'Clinique des Coteaux',
    sector: 'Santé – Social',
    city: 'Albi',
    places: ['Albi', 'Toulouse'],
    website: 'https://www.clinique-des-coteaux.example',
    contactEmail: 'ressources-humaines@clinique-des-coteaux.example',
    description:
      'La Clinique des Coteaux est un établissement de soins de suite et de réadaptation de 160 lits, à Albi. ' +
      'Ses équipes pluridisciplinaires accompagnent des patients après une hospitalisation, un accident ou une maladie chronique. ' +
      'Elle accueille chaque année des stagiaires et des volontaires en service civique, encadrés par un tuteur.',
    conventions: ['occitanie'],
  },
  {
    key: 'terresDuTarn',
    name: 'Coopérative Terres du Tarn',
    sector: 'Agriculture – Environnement',
    city: 'Albi',
    places: ['Albi', 'Montauban'],
    website: 'https://www.terres-du-tarn.example',
    contactEmail: 'emplois@terres-du-tarn.example',
    description:
      'La Coopérative Terres du Tarn réunit 420 exploitations agricoles du Tarn et du Tarn-et-Garonne. ' +
      'Elle collecte, conditionne et vend fruits, légumes et céréales, notamment dans ses six magasins de producteurs. ' +
      'Chaque saison, elle recrute des renforts pour les récoltes et le conditionnement, avec des postes assis possibles.',
    conventions: ['occitanie'],
  },
  {
    key: 'hotelsDuCanal',
    name: 'Hôtels du Canal',
    sector: 'Hôtellerie – Restauration – Tourisme',
    city: 'Toulouse',
    places: ['Toulouse', 'Carcassonne', 'Montpellier'],
    website: 'https://www.hotels-du-canal.example',
    contactEmail: 'carrieres@hotels-du-canal.example',
    description:
      'Hôtels du Canal exploite cinq hôtels et deux restaurants le long du canal du Midi, de Toulouse à Carcassonne. ' +
      'Le groupe mise sur un accueil chaleureux et forme lui-même une grande partie de ses équipes. ' +
      'Deux de ses établissements ont obtenu la marque Tourisme & Handicap.',
    conventions: ['occitanie'],
  },
  {
    key: 'aeroComposites',
    name: 'AéroComposites Sud',
    sector: 'Industrie',
    city: 'Toulouse',
    places: ['Toulouse', 'Montauban', 'Metz'],
    website: 'https://www.aerocomposites-sud.example',
    contactEmail: 'talents@aerocomposites-sud.example',
    description:
      "AéroComposites Sud fabrique des pièces en matériaux composites pour l'aéronautique et le ferroviaire. " +
      'Ses 600 salariés travaillent sur trois sites, à Toulouse, Montauban et Metz. ' +
      "La mission handicap de l'entreprise étudie chaque poste avec l'ergonome et la médecine du travail avant l'arrivée de la personne recrutée.",
    conventions: ['occitanie', 'grandEst'],
  },
  {
    key: 'solidaritesJeunesse',
    name: 'Réseau Solidarités Jeunesse',
    sector: 'Associatif – Solidarité',
    city: 'Toulouse',
    places: ['Toulouse', 'Strasbourg', 'Montpellier', 'Nancy'],
    website: 'https://www.solidarites-jeunesse.example',
    contactEmail: 'engagement@solidarites-jeunesse.example',
    description:
      "Le Réseau Solidarités Jeunesse est une association d'éducation populaire présente en Occitanie et dans le Grand Est. " +
      'Il anime des ateliers numériques, des activités sportives adaptées et des actions de solidarité alimentaire. ' +
      'Il accueille de nombreux volontaires en service civique et veille à ce que chaque mission soit accessible.',
    conventions: ['occitanie', 'grandEst'],
  },
  {
    key: 'librairiesRhin',
    name: 'Librairies Rhin & Moselle',
    sector: 'Commerce – Distribution',
    city: 'Strasbourg',
    places: ['Strasbourg', 'Metz', 'Nancy'],
    website: 'https://www.librairies-rhin-moselle.example',
    contactEmail: 'recrutement@librairies-rhin-moselle.example',
    description:
      "Librairies Rhin & Moselle est un réseau indépendant de huit librairies et d'une boutique en ligne. " +
      "Ses libraires conseillent les lecteurs et organisent des rencontres avec des auteurs tout au long de l'année. " +
      'Les magasins de Strasbourg et de Metz sont entièrement de plain-pied.',
    conventions: ['grandEst'],
  },
  {
    key: 'vosgesEnergies',
    name: 'Vosges Énergies Renouvelables',
    sector: 'Énergie',
    city: 'Nancy',
    places: ['Nancy', 'Strasbourg', 'Mulhouse'],
    website: 'https://www.vosges-energies.example',
    contactEmail: 'jobs@vosges-energies.example',
    description:
      'Vosges Énergies Renouvelables conçoit, installe et entretient des centrales solaires et des chaufferies bois dans le Grand Est. ' +
      "L'entreprise compte 90 salariés et double ses effectifs de techniciens tous les trois ans. " +
      "Les postes de bureau d'études sont ouverts au télétravail.",
    conventions: ['grandEst'],
  },
  {
    key: 'champagneLogistique',
    name: 'Champagne Logistique Services',
    sector: 'Transport – Logistique',
    city: 'Reims',
    places: ['Reims', 'Metz'],
    website: 'https://www.champagne-logistique.example',
    contactEmail: 'recrutement@champagne-logistique.example',
    description:
      'Champagne Logistique Services gère des entrepôts pour des maisons de champagne et des enseignes de distribution. ' +
      'Ses 220 salariés préparent et expédient plus de deux millions de colis par an depuis Reims et Metz. ' +
      'Un référent handicap accompagne chaque nouvelle recrue pendant ses premières semaines.',
    conventions: ['grandEst'],
  },
  {
    key: 'estuaireConseil',
    name: NON_PARTNER_EMPLOYER_NAME,
    sector: 'Conseil',
    city: 'Bordeaux',
    places: ['Bordeaux'],
    website: 'https://www.estuaire-conseil.example',
    contactEmail: 'contact@estuaire-conseil.example',
    description:
      'Estuaire Conseil est un cabinet bordelais de conseil en organisation et en transformation numérique. ' +
      "Il n'est partenaire d'aucune convention Atouts pour tous : ses offres ne sont visibles par aucun candidat.",
    conventions: [],
    templateSector: 'Numérique',
    maxOffers: 3,
  },
]

// ───────────────────────── Offer templates ─────────────────────────

export type JobTemplate = {
  title: string
  contractType: ContractType
  description: string
  /** one mission per line */
  missions: string[]
  profileSought: string
  remote?: boolean
}

export const DURATIONS: Record<ContractType, string[]> = {
  STAGE: ['6 mois', '2 mois', '4 mois'],
  ALTERNANCE: ['24 mois', '12 mois'],
  CDD: ['6 mois, renouvelable', '12 mois', '3 mois'],
  CDI: ['Temps plein', 'Temps partiel possible (80 %)'],
  SAISONNIER: ['3 mois', '2 mois', '4 mois'],
  SERVICE_CIVIQUE: ['8 mois, 24 h par semaine', '10 mois, 28 h par semaine'],
}

export const ACCESSIBILITY_TEXTS = [
  "Locaux de plain-pied, poste adaptable, référent handicap dans l'équipe.",
  'Bâtiment accessible en fauteuil (ascenseur, toilettes adaptées), horaires aménageables.',
  "Poste de travail ergonomique étudié avec la médecine du travail ; logiciels de lecture d'écran et de grossissement disponibles.",
  'Accès en tramway à 200 m, place de stationnement réservée, pauses aménageables.',
  "Tutorat renforcé pendant les premières semaines ; consignes écrites et visuelles ; interprète en LSF possible pour l'entretien.",
  'Environnement calme possible (bureau partagé à deux), télétravail partiel pour limiter la fatigue liée aux trajets.',
]

export const JOB_TEMPLATES: Record<Sector, JobTemplate[]> = {
  Numérique: [
    {
      title: 'Développeur web junior (H/F)',
      contractType: 'CDI',
      description:
        "Rejoignez une équipe de six développeurs qui réalise des sites publics accessibles. Vous participez à tout le cycle d'un projet, de la maquette à la mise en ligne.",
      missions: [
        'Développer de nouvelles fonctionnalités en TypeScript et Node.js.',
        'Corriger les anomalies signalées par les utilisateurs.',
        "Vérifier l'accessibilité de vos pages avec les outils de l'équipe.",
        'Participer aux revues de code.',
      ],
      profileSought: 'Formation Bac+2 à Bac+5 en informatique ou reconversion réussie. Curiosité, rigueur et goût du travail en équipe.',
      remote: true,
    },
    {
      title: "Alternance – Développeur d'applications (H/F)",
      contractType: 'ALTERNANCE',
      description: "En alternance pendant votre BTS SIO, votre BUT ou votre licence professionnelle, vous apprenez le métier aux côtés d'un tuteur dédié.",
      missions: [
        'Développer des écrans et des formulaires sous la conduite de votre tuteur.',
        'Écrire des tests automatisés.',
        'Documenter le code et les procédures.',
      ],
      profileSought: 'Admis ou inscrit dans une formation en informatique préparée en alternance. Débutant accepté.',
    },
    {
      title: 'Stage – Assistant chef de projet digital (H/F)',
      contractType: 'STAGE',
      description: 'Vous accompagnez un chef de projet dans le suivi de trois sites de collectivités : planning, échanges avec le client, recette.',
      missions: ['Rédiger les comptes rendus de réunion.', 'Suivre le planning et les demandes du client.', 'Organiser et réaliser la recette des livraisons.'],
      profileSought: 'Étudiant en Bac+3 à Bac+5 (communication, gestion de projet, informatique). Bonne expression écrite.',
      remote: true,
    },
    {
      title: 'Technicien support informatique (H/F)',
      contractType: 'CDD',
      description:
        'Au sein du service support, vous aidez nos clients et nos collaborateurs à résoudre leurs difficultés informatiques, par téléphone ou par messagerie.',
      missions: [
        "Répondre aux demandes d'assistance et les suivre jusqu'à leur résolution.",
        'Installer et configurer les postes de travail.',
        'Rédiger des fiches de procédure simples.',
      ],
      profileSought: 'Bac à Bac+2 en informatique ou expérience équivalente. Patience et sens du service.',
    },
    {
      title: 'Stage – Testeur accessibilité numérique (H/F)',
      contractType: 'STAGE',
      description: 'Vous rejoignez notre pôle accessibilité pour auditer des sites selon le RGAA et aider les équipes à corriger les défauts constatés.',
      missions: [
        'Réaliser des audits selon le référentiel RGAA.',
        "Tester les pages avec un lecteur d'écran et au clavier.",
        'Rédiger des recommandations de correction.',
      ],
      profileSought: "Étudiant en informatique, en communication ou en ergonomie. Votre propre expérience des outils d'accessibilité est un vrai atout.",
      remote: true,
    },
    {
      title: 'Alternance – Administrateur systèmes et réseaux (H/F)',
      contractType: 'ALTERNANCE',
      description: "Vous participez à l'exploitation de nos serveurs et de notre réseau, avec un administrateur expérimenté comme tuteur.",
      missions: [
        'Surveiller les serveurs et traiter les alertes.',
        'Appliquer les mises à jour de sécurité.',
        'Gérer les comptes et les droits des utilisateurs.',
      ],
      profileSought: 'Formation Bac+2 à Bac+3 en systèmes et réseaux en alternance. Intérêt pour la sécurité informatique.',
    },
    {
      title: 'Stage – Analyste de données junior (H/F)',
      contractType: 'STAGE',
      description: "Vous aidez l'équipe produit à mieux comprendre l'usage de nos services en construisant des tableaux de bord clairs.",
      missions: ["Collecter et nettoyer les données d'usage.", 'Construire des tableaux de bord.', "Présenter vos analyses à l'équipe."],
      profileSought: "Étudiant en statistiques, économie ou informatique (Bac+3 à Bac+5). Maîtrise d'un tableur.",
      remote: true,
    },
  ],
  'Banque – Assurance': [
    {
      title: 'Conseiller clientèle en agence (H/F)',
      contractType: 'CDI',
      description:
        "En agence, vous êtes l'interlocuteur des adhérents pour leurs questions de santé et de prévoyance. Une formation de six semaines vous prépare à la prise de poste.",
      missions: [
        'Accueillir les adhérents et répondre à leurs questions.',
        'Présenter les garanties adaptées à leur situation.',
        'Assurer le suivi administratif des dossiers.',
      ],
      profileSought: 'Bac+2 (BTS Négociation et digitalisation de la relation client, Banque, Assurance) ou expérience de la relation client.',
    },
    {
      title: 'Alternance – Chargé de clientèle particuliers (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous préparez un BTS Assurance ou une licence professionnelle en alternant cours et pratique en agence.',
      missions: [
        'Accueillir les adhérents en agence et au téléphone.',
        'Préparer les rendez-vous des conseillers.',
        'Mettre à jour les dossiers des adhérents.',
      ],
      profileSought: 'Bac obtenu, inscription dans une formation en alternance du secteur assurance ou banque.',
    },
    {
      title: 'Stage – Assistant gestion des sinistres (H/F)',
      contractType: 'STAGE',
      description: 'Au sein du service indemnisation, vous participez au traitement des demandes de remboursement des adhérents.',
      missions: ['Vérifier les pièces justificatives reçues.', 'Saisir les demandes de remboursement.', 'Répondre aux courriels des adhérents.'],
      profileSought: 'Étudiant en Bac+2 ou Bac+3 (assurance, gestion, droit). Rigueur et aisance avec les outils bureautiques.',
      remote: true,
    },
    {
      title: 'Gestionnaire de contrats santé (H/F)',
      contractType: 'CDD',
      description: "Vous rejoignez le service de gestion pour faire face à la campagne annuelle d'adhésions des entreprises clientes.",
      missions: ['Enregistrer les nouvelles adhésions.', 'Traiter les changements de situation des adhérents.', 'Contrôler la qualité des données saisies.'],
      profileSought: 'Bac+2 en gestion ou assurance, ou première expérience en back-office.',
      remote: true,
    },
    {
      title: 'Alternance – Assistant marketing (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous participez aux campagnes de prévention santé de la mutuelle : supports, réseaux sociaux, événements en agence.',
      missions: [
        'Concevoir des supports de communication simples.',
        'Publier sur les réseaux sociaux de la mutuelle.',
        'Organiser des ateliers de prévention en agence.',
      ],
      profileSought: 'Formation Bac+3 à Bac+5 en marketing ou communication en alternance.',
    },
  ],
  'Transport – Logistique': [
    {
      title: 'Préparateur de commandes (H/F)',
      contractType: 'CDD',
      description:
        "Dans un entrepôt moderne, vous préparez les commandes des magasins à l'aide d'un terminal vocal. Les charges lourdes sont manipulées avec des aides à la manutention.",
      missions: ['Prélever les articles selon les instructions du terminal.', 'Contrôler et filmer les palettes.', 'Ranger et nettoyer votre zone de travail.'],
      profileSought: "Débutant accepté : vous êtes formé à votre arrivée. Ponctualité et sens de l'organisation.",
    },
    {
      title: 'Agent logistique saisonnier (H/F)',
      contractType: 'SAISONNIER',
      description: "Renfort pour le pic d'activité de la saison : réception, préparation et expédition des colis.",
      missions: ['Réceptionner et contrôler les marchandises.', 'Préparer les colis.', "Charger les camions avec l'aide d'un chariot."],
      profileSought: 'Aucun diplôme exigé. Envie de travailler en équipe.',
    },
    {
      title: "Alternance – Assistant d'exploitation transport (H/F)",
      contractType: 'ALTERNANCE',
      description: 'Au service exploitation, vous apprenez à organiser les tournées de livraison et à suivre les véhicules.',
      missions: ['Préparer les tournées du lendemain.', 'Suivre les livraisons et informer les clients en cas de retard.', 'Gérer les documents de transport.'],
      profileSought: "Préparation d'un BTS Gestion des transports et logistique associée ou d'un titre professionnel équivalent.",
    },
    {
      title: 'Cariste (H/F)',
      contractType: 'CDI',
      description: 'Vous conduisez un chariot élévateur pour approvisionner les zones de préparation et ranger les marchandises en hauteur.',
      missions: ['Décharger et ranger les palettes.', 'Approvisionner les lignes de préparation.', 'Réaliser les inventaires tournants.'],
      profileSought: 'CACES R489 catégories 1 et 3, ou volonté de le passer (formation prise en charge).',
    },
    {
      title: 'Stage – Assistant planification (H/F)',
      contractType: 'STAGE',
      description: 'Vous aidez le responsable de site à prévoir les besoins en personnel et en matériel des semaines à venir.',
      missions: ["Mettre à jour les prévisions d'activité.", 'Préparer les plannings des équipes.', 'Suivre les indicateurs de productivité.'],
      profileSought: "Étudiant en logistique ou en gestion (Bac+2 à Bac+3). À l'aise avec un tableur.",
    },
  ],
  'Santé – Social': [
    {
      title: 'Agent des services hospitaliers (H/F)',
      contractType: 'CDD',
      description: "Vous contribuez au confort des patients en assurant l'entretien des chambres et la distribution des repas.",
      missions: [
        'Entretenir les chambres et les espaces communs.',
        'Distribuer les repas et aider à leur installation.',
        "Signaler à l'équipe soignante tout changement chez un patient.",
      ],
      profileSought: 'Débutant accepté. Sens du contact et discrétion.',
    },
    {
      title: 'Secrétaire médical (H/F)',
      contractType: 'CDI',
      description: "Au secrétariat de rééducation, vous organisez les rendez-vous et assurez l'accueil des patients et de leurs familles.",
      missions: ['Accueillir les patients au téléphone et sur place.', 'Gérer les agendas des praticiens.', 'Mettre en forme les comptes rendus médicaux.'],
      profileSought: 'Titre de secrétaire médical ou Bac+2 en assistance de gestion. Respect du secret médical.',
    },
    {
      title: 'Alternance – Assistant de facturation (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Au bureau des admissions, vous apprenez à établir et suivre la facturation des séjours.',
      missions: ['Vérifier les droits des patients auprès des caisses.', 'Établir les factures.', 'Suivre les paiements.'],
      profileSought: "Préparation d'un BTS Comptabilité et gestion ou d'un titre d'assistant comptable.",
    },
    {
      title: 'Service civique – Accueil et accompagnement des patients',
      contractType: 'SERVICE_CIVIQUE',
      description: 'Vous facilitez la vie quotidienne des patients : orientation dans la clinique, animations, lien avec les bénévoles.',
      missions: [
        'Accueillir et orienter les patients et les visiteurs.',
        'Animer des temps conviviaux (jeux, lecture).',
        'Aider les patients à utiliser les outils numériques.',
      ],
      profileSought: 'Entre 16 et 25 ans (30 ans en situation de handicap), sans condition de diplôme. Bienveillance et écoute.',
    },
    {
      title: 'Stage – Assistant ressources humaines (H/F)',
      contractType: 'STAGE',
      description: "Vous appuyez la responsable RH dans le recrutement et l'accueil des nouveaux salariés.",
      missions: ['Publier les annonces et trier les candidatures.', "Organiser les journées d'accueil.", 'Mettre à jour les dossiers du personnel.'],
      profileSought: 'Étudiant en ressources humaines ou en gestion (Bac+2 à Bac+5).',
    },
    {
      title: "Agent d'accueil administratif (H/F)",
      contractType: 'CDD',
      description: "À l'accueil principal, vous êtes le premier contact des patients et des visiteurs.",
      missions: ['Accueillir et orienter le public.', 'Enregistrer les admissions.', 'Répondre au standard téléphonique.'],
      profileSought: "Bac ou équivalent, première expérience d'accueil appréciée.",
    },
  ],
  'Agriculture – Environnement': [
    {
      title: 'Ouvrier agricole saisonnier – récolte (H/F)',
      contractType: 'SAISONNIER',
      description: 'Vous participez à la récolte des fruits dans les vergers des adhérents de la coopérative.',
      missions: [
        'Cueillir et trier les fruits.',
        "Remplir et déplacer les caisses à l'aide du matériel fourni.",
        'Respecter les consignes de qualité et de sécurité.',
      ],
      profileSought: 'Aucun diplôme demandé. Goût du travail en extérieur.',
    },
    {
      title: 'Agent de conditionnement saisonnier (H/F)',
      contractType: 'SAISONNIER',
      description: 'En station de conditionnement, vous préparez les fruits et légumes pour leur expédition. Postes assis possibles.',
      missions: ['Trier et calibrer les produits.', 'Mettre en barquettes et étiqueter.', "Préparer les palettes d'expédition."],
      profileSought: 'Débutant accepté. Minutie et régularité.',
    },
    {
      title: 'Alternance – Technicien qualité agroalimentaire (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous apprenez à contrôler la qualité des produits, de la réception au magasin.',
      missions: ['Réaliser les contrôles qualité à réception.', "Suivre les règles d'hygiène et de traçabilité.", 'Participer aux audits des fournisseurs.'],
      profileSought: "Préparation d'un BTS ou BUT en qualité, agroalimentaire ou biologie.",
    },
    {
      title: 'Service civique – Sensibilisation au tri et au compostage',
      contractType: 'SERVICE_CIVIQUE',
      description: 'Vous animez des ateliers sur le tri des déchets et le compostage auprès des écoles et des clients des magasins.',
      missions: [
        'Préparer et animer des ateliers de sensibilisation.',
        'Aider à installer des composteurs partagés.',
        'Créer des supports pédagogiques simples.',
      ],
      profileSought: "Entre 16 et 25 ans (30 ans en situation de handicap). Intérêt pour l'environnement.",
    },
    {
      title: 'Vendeur en magasin de producteurs (H/F)',
      contractType: 'CDI',
      description: 'Dans un magasin de producteurs, vous conseillez les clients et mettez en valeur les produits locaux.',
      missions: ['Accueillir et conseiller les clients.', 'Mettre en rayon les produits frais.', 'Tenir la caisse.'],
      profileSought: 'CAP ou Bac commerce, ou expérience de la vente. Intérêt pour les produits locaux.',
    },
  ],
  'Hôtellerie – Restauration – Tourisme': [
    {
      title: 'Réceptionniste saisonnier (H/F)',
      contractType: 'SAISONNIER',
      description: "Pour la saison touristique, vous accueillez les clients de l'hôtel du matin au soir, en équipe.",
      missions: [
        'Accueillir les clients et gérer les arrivées et départs.',
        'Répondre aux demandes de réservation.',
        'Conseiller les clients sur les visites de la région.',
      ],
      profileSought: "Anglais courant apprécié. Sens de l'accueil et présentation soignée.",
    },
    {
      title: 'Commis de cuisine saisonnier (H/F)',
      contractType: 'SAISONNIER',
      description: "Au sein d'une brigade de huit personnes, vous préparez les entrées et les desserts du restaurant.",
      missions: ['Préparer les légumes et les bases.', 'Dresser les entrées et les desserts.', "Respecter les règles d'hygiène."],
      profileSought: 'CAP Cuisine ou première expérience. Logement possible pour la saison.',
    },
    {
      title: "Agent d'accueil touristique (H/F)",
      contractType: 'CDD',
      description: "Vous accueillez les visiteurs au point d'information du port et vendez les croisières sur le canal.",
      missions: ['Renseigner les visiteurs en français et en anglais.', 'Vendre les billets de croisière.', 'Tenir à jour la documentation touristique.'],
      profileSought: 'Bac ou BTS Tourisme. Aisance orale.',
    },
    {
      title: 'Alternance – Serveur en restauration (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous préparez un CAP ou un BP Arts du service en alternance dans notre restaurant.',
      missions: ['Mettre en place la salle.', 'Accueillir et servir les clients.', 'Conseiller les clients sur les plats du jour.'],
      profileSought: 'Inscription dans une formation en alternance du service en salle. Débutant accepté.',
    },
    {
      title: 'Stage – Assistant marketing et réservations (H/F)',
      contractType: 'STAGE',
      description: 'Au siège du groupe, vous participez à la promotion des hôtels et au suivi des réservations en ligne.',
      missions: ['Mettre à jour les offres sur les sites de réservation.', "Rédiger la lettre d'information.", 'Analyser les avis des clients.'],
      profileSought: 'Étudiant en tourisme, commerce ou communication (Bac+2 à Bac+5).',
    },
    {
      title: 'Plongeur saisonnier (H/F)',
      contractType: 'SAISONNIER',
      description: 'Vous assurez la propreté de la vaisselle et de la cuisine pendant la saison.',
      missions: ['Laver la vaisselle et les ustensiles.', 'Nettoyer la cuisine en fin de service.', 'Ranger les livraisons.'],
      profileSought: 'Aucune expérience demandée.',
    },
  ],
  Industrie: [
    {
      title: 'Opérateur de production composites (H/F)',
      contractType: 'CDI',
      description:
        'En atelier, vous fabriquez des pièces en matériaux composites selon les gammes de fabrication. Une formation interne de trois mois est prévue.',
      missions: ['Découper et draper les tissus composites.', 'Préparer les moules.', 'Contrôler visuellement les pièces.'],
      profileSought: 'CAP ou Bac pro industriel, ou première expérience en production. Minutie.',
    },
    {
      title: 'Alternance – Technicien méthodes (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Au bureau des méthodes, vous apprenez à rédiger les gammes de fabrication et à améliorer les postes de travail.',
      missions: [
        'Rédiger et mettre à jour les instructions de travail.',
        "Participer à l'amélioration de l'ergonomie des postes.",
        'Suivre les indicateurs de production.',
      ],
      profileSought: "Préparation d'un BTS, BUT ou d'une licence professionnelle en génie mécanique ou industriel.",
    },
    {
      title: 'Stage – Assistant qualité (H/F)',
      contractType: 'STAGE',
      description: 'Vous participez à la préparation des audits de certification du site.',
      missions: ['Mettre à jour la documentation qualité.', 'Analyser les non-conformités.', 'Préparer les audits internes.'],
      profileSought: 'Étudiant en qualité ou en génie industriel (Bac+2 à Bac+5).',
    },
    {
      title: 'Contrôleur qualité (H/F)',
      contractType: 'CDD',
      description: 'Vous contrôlez les pièces finies avant leur livraison aux clients aéronautiques.',
      missions: ['Mesurer les pièces avec les instruments de contrôle.', 'Renseigner les rapports de contrôle.', 'Alerter en cas de défaut.'],
      profileSought: 'Bac pro ou BTS en contrôle industriel ou expérience équivalente.',
    },
    {
      title: 'Stage – Dessinateur projeteur (H/F)',
      contractType: 'STAGE',
      description: "Au bureau d'études, vous réalisez les plans d'outillages de production.",
      missions: ['Modéliser des outillages en CAO.', 'Réaliser les plans de fabrication.', 'Participer aux revues de conception.'],
      profileSought: "Étudiant en conception mécanique. Pratique d'un logiciel de CAO.",
      remote: true,
    },
    {
      title: 'Magasinier (H/F)',
      contractType: 'CDD',
      description: "Vous gérez le magasin de matières premières et d'outillages de l'atelier.",
      missions: ['Réceptionner et stocker les matières.', "Préparer les sorties pour l'atelier.", 'Tenir les stocks à jour dans le logiciel.'],
      profileSought: 'CAP ou Bac pro logistique. CACES apprécié.',
    },
  ],
  'Associatif – Solidarité': [
    {
      title: 'Service civique – Accompagnement aux outils numériques',
      contractType: 'SERVICE_CIVIQUE',
      description: 'Vous aidez des habitants à utiliser les services en ligne : courriels, démarches administratives, visioconférence.',
      missions: [
        'Animer des ateliers numériques en petits groupes.',
        'Accompagner individuellement les personnes dans leurs démarches.',
        "Créer des fiches d'aide illustrées.",
      ],
      profileSought: 'Entre 16 et 25 ans (30 ans en situation de handicap), sans condition de diplôme. Patience et pédagogie.',
    },
    {
      title: "Service civique – Animation d'activités sportives adaptées",
      contractType: 'SERVICE_CIVIQUE',
      description: "Vous participez à l'organisation d'activités sportives ouvertes à tous, valides et en situation de handicap.",
      missions: [
        'Aider les éducateurs sportifs pendant les séances.',
        'Accueillir les participants et leurs familles.',
        'Préparer une rencontre sportive inclusive.',
      ],
      profileSought: "Entre 16 et 25 ans (30 ans en situation de handicap). Goût pour le sport et le travail d'équipe.",
    },
    {
      title: "Service civique – Soutien à l'aide alimentaire",
      contractType: 'SERVICE_CIVIQUE',
      description: "Vous renforcez l'équipe de l'épicerie solidaire et participez à l'accueil des familles.",
      missions: ['Accueillir les bénéficiaires.', 'Participer aux collectes et au tri des denrées.', 'Animer des ateliers cuisine.'],
      profileSought: "Entre 16 et 25 ans (30 ans en situation de handicap). Sens de l'écoute.",
    },
    {
      title: 'Animateur socioculturel (H/F)',
      contractType: 'CDD',
      description: 'Vous animez les activités du centre social auprès des jeunes de 11 à 17 ans.',
      missions: ['Concevoir et animer des activités éducatives.', 'Accompagner des projets de jeunes.', 'Entretenir le lien avec les familles.'],
      profileSought: 'BPJEPS Animation sociale ou BAFA avec expérience.',
    },
    {
      title: 'Stage – Assistant communication (H/F)',
      contractType: 'STAGE',
      description: "Vous participez à la communication de l'association : site, réseaux sociaux, lettre aux adhérents.",
      missions: [
        'Rédiger des articles pour le site.',
        'Publier sur les réseaux sociaux.',
        "Veiller à l'accessibilité des supports (sous-titres, textes alternatifs).",
      ],
      profileSought: 'Étudiant en communication (Bac+2 à Bac+5).',
      remote: true,
    },
    {
      title: "Chargé d'accueil (H/F)",
      contractType: 'CDI',
      description: "À l'accueil de la maison des associations, vous informez le public et gérez les réservations de salles.",
      missions: ['Accueillir et informer le public.', 'Gérer le planning des salles.', 'Assurer le suivi administratif des adhésions.'],
      profileSought: "Bac ou équivalent. Sens de l'accueil.",
    },
  ],
  'Commerce – Distribution': [
    {
      title: 'Vendeur en librairie (H/F)',
      contractType: 'CDI',
      description: 'Vous conseillez les lecteurs au rayon jeunesse et bande dessinée.',
      missions: ['Conseiller les clients.', 'Recevoir et mettre en rayon les nouveautés.', 'Tenir la caisse.'],
      profileSought: 'Passion pour la lecture. CAP ou Bac commerce apprécié.',
    },
    {
      title: "Vendeur renfort de fin d'année (H/F)",
      contractType: 'SAISONNIER',
      description: "Pour les fêtes de fin d'année, vous renforcez l'équipe de vente.",
      missions: ['Accueillir les clients.', 'Réaliser les paquets cadeaux.', 'Réassortir les rayons.'],
      profileSought: 'Aucun diplôme exigé. Sourire et disponibilité.',
    },
    {
      title: 'Alternance – Responsable de rayon (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous apprenez à gérer un rayon : commandes, présentation, animation commerciale.',
      missions: ['Passer les commandes auprès des éditeurs.', 'Organiser la présentation du rayon.', 'Animer des rencontres avec des auteurs.'],
      profileSought: "Préparation d'un BTS Management commercial opérationnel.",
    },
    {
      title: 'Stage – Assistant e-commerce (H/F)',
      contractType: 'STAGE',
      description: 'Vous participez à la gestion de notre boutique en ligne.',
      missions: ['Mettre en ligne les fiches produits.', 'Répondre aux questions des clients.', 'Suivre les expéditions.'],
      profileSought: 'Étudiant en commerce ou en web (Bac+2 à Bac+3).',
      remote: true,
    },
    {
      title: 'Employé de réserve (H/F)',
      contractType: 'CDD',
      description: 'Vous réceptionnez les livraisons et gérez la réserve du magasin.',
      missions: ['Réceptionner et contrôler les livraisons.', 'Ranger la réserve.', 'Préparer les retours aux éditeurs.'],
      profileSought: 'Débutant accepté. Organisation et rigueur.',
    },
  ],
  Énergie: [
    {
      title: 'Alternance – Technicien de maintenance photovoltaïque (H/F)',
      contractType: 'ALTERNANCE',
      description: 'Vous apprenez à entretenir et dépanner les centrales solaires de nos clients.',
      missions: ['Réaliser la maintenance préventive des installations.', 'Diagnostiquer les pannes.', "Rédiger les rapports d'intervention."],
      profileSought: "Préparation d'un BTS Électrotechnique ou d'un BUT GEII.",
    },
    {
      title: "Chargé d'études énergétiques (H/F)",
      contractType: 'CDI',
      description: "Au bureau d'études, vous dimensionnez les projets solaires et bois-énergie.",
      missions: ['Réaliser les études de faisabilité.', 'Dimensionner les installations.', 'Rédiger les dossiers techniques.'],
      profileSought: 'Bac+3 à Bac+5 en énergétique ou génie thermique.',
      remote: true,
    },
    {
      title: 'Stage – Assistant chef de projet photovoltaïque (H/F)',
      contractType: 'STAGE',
      description: 'Vous suivez le développement de projets de centrales solaires sur toitures.',
      missions: ["Préparer les dossiers d'autorisation.", 'Suivre le planning des chantiers.', 'Échanger avec les propriétaires des bâtiments.'],
      profileSought: 'Étudiant en énergie, environnement ou gestion de projet.',
    },
    {
      title: 'Technicien service après-vente (H/F)',
      contractType: 'CDD',
      description: 'Vous assurez le dépannage à distance des installations de nos clients.',
      missions: ['Diagnostiquer les pannes à distance.', 'Planifier les interventions sur site.', 'Conseiller les clients.'],
      profileSought: 'Bac pro ou BTS en électrotechnique.',
    },
    {
      title: 'Assistant administratif (H/F)',
      contractType: 'CDI',
      description: "Vous assurez le suivi administratif des chantiers et l'accueil téléphonique.",
      missions: ['Préparer les devis et les factures.', 'Gérer les commandes de matériel.', "Assurer l'accueil téléphonique."],
      profileSought: 'Bac+2 en assistance de gestion ou expérience équivalente.',
    },
  ],
  Conseil: [],
}

// ───────────────────────── People ─────────────────────────

export type DemoCandidate = {
  email: string
  firstName: string
  lastName: string
  status: UserStatus
  establishment: EstablishmentKey
  /** age in years (and extra days) at `now`; absent = birth date not given */
  age?: { years: number; days: number }
  civility?: string
  phone?: string
  address?: string
  postalCode?: string
  city?: string
  family?: { name: string; relation: string; phone: string; email: string }
  soughtContracts?: ContractType[]
  sectors?: string
  desiredPlaces?: string
  /** available from `now` + N days */
  availableInDays?: number
  studyLevel?: string
  currentTraining?: string
  professionalProject?: string
  rqth?: RqthStatus
  accommodations?: string
  /** e-mail of the référent who created the account */
  createdBy?: string
}

export const CANDIDATES: DemoCandidate[] = [
  {
    email: 'candidat@demo.atouts.fr',
    firstName: 'Camille',
    lastName: 'Martin',
    status: 'ACTIVE',
    establishment: 'utCapitole',
    age: { years: 21, days: 95 },
    civility: 'Mme',
    phone: '06 12 34 56 78',
    address: '12 rue des Lois',
    postalCode: '31000',
    city: 'Toulouse',
    soughtContracts: ['STAGE', 'ALTERNANCE'],
    sectors: 'Banque – Assurance, Numérique',
    desiredPlaces: 'Toulouse et agglomération, télétravail possible',
    availableInDays: 30,
    studyLevel: 'Bac+3',
    currentTraining: 'Licence 3 Économie',
    professionalProject:
      "Après ma licence d'économie, je souhaite préparer un master en alternance dans l'analyse de données ou l'assurance. " +
      "Je cherche un stage de deux à quatre mois pour découvrir le métier de chargée d'études et confirmer mon projet.",
    rqth: 'YES',
    accommodations:
      "Poste près d'une fenêtre et écran de grande taille (malvoyance partielle), logiciel de grossissement, horaires décalés possibles pour éviter les transports aux heures de pointe.",
    createdBy: 'referent@demo.atouts.fr',
  },
  {
    email: 'lucas.bernard@demo.atouts.fr',
    firstName: 'Lucas',
    lastName: 'Bernard',
    status: 'ACTIVE',
    establishment: 'lyceeSeverac',
    age: { years: 17, days: 140 },
    civility: 'M.',
    phone: '07 45 12 89 30',
    city: 'Toulouse',
    postalCode: '31200',
    family: {
      name: 'Nathalie Bernard',
      relation: 'Mère',
      phone: '06 78 45 12 30',
      email: 'nathalie.bernard@demo.atouts.fr',
    },
    soughtContracts: ['STAGE'],
    sectors: 'Industrie',
    desiredPlaces: 'Toulouse',
    studyLevel: 'Bac',
    currentTraining: 'BTS Conception des processus de réalisation de produits (1re année)',
    rqth: 'IN_PROGRESS',
    createdBy: 'marc.lambert@demo.atouts.fr',
  },
  {
    email: 'ines.moreau@demo.atouts.fr',
    firstName: 'Inès',
    lastName: 'Moreau',
    status: 'ACTIVE',
    establishment: 'missionLocaleToulouse',
    age: { years: 19, days: 210 },
    civility: 'Mme',
    city: 'Toulouse',
    soughtContracts: ['SERVICE_CIVIQUE', 'CDD'],
    sectors: 'Associatif – Solidarité, Santé – Social',
    studyLevel: 'CAP',
    rqth: 'NO',
  },
  {
    email: 'theo.garcia@demo.atouts.fr',
    firstName: 'Théo',
    lastName: 'Garcia',
    status: 'ACTIVE',
    establishment: 'capEmploi31',
    age: { years: 26, days: 30 },
    civility: 'M.',
    phone: '06 98 76 54 32',
    city: 'Montauban',
    postalCode: '82000',
    soughtContracts: ['CDI', 'CDD'],
    sectors: 'Transport – Logistique',
    desiredPlaces: 'Montauban, Toulouse nord',
    studyLevel: 'Bac pro',
    rqth: 'YES',
    accommodations: 'Pas de port de charges lourdes (plus de 10 kg).',
  },
  {
    email: 'emma.rousseau@demo.atouts.fr',
    firstName: 'Emma',
    lastName: 'Rousseau',
    status: 'ACTIVE',
    establishment: 'univMontpellier',
    age: { years: 23, days: 12 },
    civility: 'Mme',
    city: 'Montpellier',
    soughtContracts: ['ALTERNANCE'],
    sectors: 'Santé – Social',
    studyLevel: 'Bac+4',
    currentTraining: 'Master 1 Psychologie',
  },
  {
    email: 'manon.petit@demo.atouts.fr',
    firstName: 'Manon',
    lastName: 'Petit',
    status: 'ACTIVE',
    establishment: 'unistra',
    age: { years: 22, days: 300 },
    civility: 'Mme',
    phone: '06 21 43 65 87',
    city: 'Strasbourg',
    postalCode: '67000',
    soughtContracts: ['STAGE', 'CDI'],
    sectors: 'Commerce – Distribution, Énergie',
    desiredPlaces: 'Strasbourg, Mulhouse',
    studyLevel: 'Bac+3',
    currentTraining: 'Licence professionnelle Commerce',
    rqth: 'YES',
    createdBy: 'claire.schmitt@demo.atouts.fr',
  },
  {
    email: 'hugo.lefebvre@demo.atouts.fr',
    firstName: 'Hugo',
    lastName: 'Lefebvre',
    status: 'ACTIVE',
    establishment: 'lyceeLoritz',
    age: { years: 20, days: 45 },
    civility: 'M.',
    city: 'Nancy',
    soughtContracts: ['ALTERNANCE'],
    sectors: 'Énergie, Industrie',
    studyLevel: 'Bac',
    currentTraining: 'BTS Électrotechnique',
  },
  {
    email: 'lea.fontaine@demo.atouts.fr',
    firstName: 'Léa',
    lastName: 'Fontaine',
    status: 'PENDING_VALIDATION',
    establishment: 'utCapitole',
    age: { years: 20, days: 160 },
  },
  {
    email: 'yanis.haddad@demo.atouts.fr',
    firstName: 'Yanis',
    lastName: 'Haddad',
    status: 'PENDING_VALIDATION',
    establishment: 'utCapitole',
  },
]

export const REFERENTS: {
  email: string
  firstName: string
  lastName: string
  establishment: EstablishmentKey
  jobTitle: string
}[] = [
  {
    email: 'referent@demo.atouts.fr',
    firstName: 'Sophie',
    lastName: 'Durand',
    establishment: 'utCapitole',
    jobTitle: "Chargée d'accompagnement – Relais handicap",
  },
  {
    email: 'marc.lambert@demo.atouts.fr',
    firstName: 'Marc',
    lastName: 'Lambert',
    establishment: 'lyceeSeverac',
    jobTitle: 'Référent handicap des sections de BTS',
  },
  {
    email: 'aicha.diallo@demo.atouts.fr',
    firstName: 'Aïcha',
    lastName: 'Diallo',
    establishment: 'missionLocaleToulouse',
    jobTitle: 'Conseillère en insertion professionnelle',
  },
  {
    email: 'claire.schmitt@demo.atouts.fr',
    firstName: 'Claire',
    lastName: 'Schmitt',
    establishment: 'unistra',
    jobTitle: 'Chargée de mission handicap',
  },
]

export const RECRUITERS: {
  email: string
  firstName: string
  lastName: string
  employer: EmployerKey
  jobTitle: string
}[] = [
  {
    email: 'employeur@demo.atouts.fr',
    firstName: 'Julien',
    lastName: 'Roux',
    employer: 'garonneNumerique',
    jobTitle: 'Responsable recrutement',
  },
  {
    email: 'amelie.garnier@demo.atouts.fr',
    firstName: 'Amélie',
    lastName: 'Garnier',
    employer: 'transportsPastel',
    jobTitle: 'Chargée de ressources humaines',
  },
  {
    email: 'karim.mansouri@demo.atouts.fr',
    firstName: 'Karim',
    lastName: 'Mansouri',
    employer: 'solidaritesJeunesse',
    jobTitle: 'Coordinateur du service civique',
  },
  {
    email: 'thomas.klein@demo.atouts.fr',
    firstName: 'Thomas',
    lastName: 'Klein',
    employer: 'librairiesRhin',
    jobTitle: 'Directeur des ressources humaines',
  },
]

export const ADMINS: { email: string; firstName: string; lastName: string }[] = [{ email: 'admin@demo.atouts.fr', firstName: 'Nadia', lastName: 'Benali' }]

// ───────────────────────── News ─────────────────────────

export const NEWS: { title: string; body: string; daysAgo: number }[] = [
  {
    title: 'Nouveautés de la plateforme',
    body:
      "La recherche d'offres s'enrichit : vous pouvez désormais filtrer par département, par secteur et afficher uniquement les offres ouvertes au télétravail. " +
      "Vos critères restent dans l'adresse de la page : le bouton « Retour » vous ramène toujours à votre recherche.\n\n" +
      'Pensez aussi à régler vos alertes dans Mon compte › Alertes et notifications pour être prévenu par courriel à chaque étape de vos candidatures.',
    daysAgo: 3,
  },
  {
    title: 'Bienvenue sur Atouts pour tous',
    body:
      'La plateforme de la convention « Atouts pour tous » est ouverte. Complétez votre profil, déposez votre CV dans Mes documents, puis consultez les offres des employeurs partenaires. ' +
      "Chaque candidature est d'abord relue par votre référent, qui vous aide à la rendre la plus convaincante possible avant son envoi.",
    daysAgo: 21,
  },
]
