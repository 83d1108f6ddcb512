import { z } from 'zod'
import { ZOptionalId, ZPersonEmail, ZPersonName } from '../registrations/schemas.ts'

/** The roles an administrator invites (candidates are created by référents or register themselves). */
export const INVITABLE_ROLES = ['REFERENT', 'RECRUITER', 'ADMIN'] as const
export type InvitableRole = (typeof INVITABLE_ROLES)[number]

/** "Inviter un utilisateur": a référent needs an établissement, a recruiter an employer. */
export const ZInviteUserForm = z
  .object({
    firstName: ZPersonName('prénom'),
    lastName: ZPersonName('nom'),
    email: ZPersonEmail,
    role: z.enum(INVITABLE_ROLES, { error: 'Choisissez le rôle de la personne.' }),
    establishmentId: ZOptionalId,
    employerId: ZOptionalId,
  })
  .superRefine((form, context) => {
    if (form.role === 'REFERENT' && form.establishmentId === null) {
      context.addIssue({ code: 'custom', path: ['establishmentId'], message: 'Choisissez l’établissement du référent.' })
    }
    if (form.role === 'RECRUITER' && form.employerId === null) {
      context.addIssue({ code: 'custom', path: ['employerId'], message: 'Choisissez l’employeur du recruteur.' })
    }
  })
export type TInviteUserForm = z.infer<typeof ZInviteUserForm>
