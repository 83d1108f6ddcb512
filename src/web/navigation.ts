import type { Role } from '../lib/db.ts'

export type NavItem = { href: string; label: string }

/** The header menu of each role. Later domains add their entries here. */
export const NAVIGATION: Record<Role, NavItem[]> = {
  CANDIDATE: [
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/offres', label: 'Offres' },
    { href: '/employeurs', label: 'Employeurs' },
    { href: '/candidatures', label: 'Mes candidatures' },
    { href: '/parrainages', label: 'Mes parrainages' },
    { href: '/rendez-vous', label: 'Mes rendez-vous' },
    { href: '/mon-compte', label: 'Mon compte' },
  ],
  REFERENT: [
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/referent/inscriptions', label: 'Inscriptions à valider' },
    { href: '/referent/candidatures', label: 'Candidatures à valider' },
    { href: '/referent/candidats', label: 'Candidats' },
    { href: '/offres', label: 'Offres' },
    { href: '/referent/parrainages', label: 'Parrainages' },
    { href: '/referent/rendez-vous', label: 'Rendez-vous' },
    { href: '/mon-compte', label: 'Mon compte' },
  ],
  RECRUITER: [
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/recruteur/candidatures', label: 'Candidatures reçues' },
    { href: '/recruteur/offres', label: 'Mes offres' },
    { href: '/recruteur/parrainages', label: 'Demandes de parrainage' },
    { href: '/recruteur/employeur', label: 'Page employeur' },
    { href: '/mon-compte', label: 'Mon compte' },
  ],
  ADMIN: [
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/admin/conventions', label: 'Conventions' },
    { href: '/admin/etablissements', label: 'Établissements' },
    { href: '/admin/employeurs', label: 'Employeurs' },
    { href: '/admin/utilisateurs', label: 'Utilisateurs' },
    { href: '/admin/actualites', label: 'Actualités' },
    { href: '/admin/statistiques', label: 'Statistiques' },
    { href: '/mon-compte', label: 'Mon compte' },
  ],
}

export const ROLE_LABELS: Record<Role, string> = {
  CANDIDATE: 'Candidat',
  REFERENT: 'Référent',
  RECRUITER: 'Employeur',
  ADMIN: 'Administrateur',
}

/** The menu entry of the current page: the longest href that prefixes the path. */
export function currentNavHref(items: NavItem[], path: string): string | undefined {
  return items.filter((item) => path === item.href || path.startsWith(`${item.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href
}
