/**
 * Development only (mounted at /dev/courriels when there is no SMTP_URL): the emails that the
 * outbox wrote as .eml files under <dataDir>/mails, so that invitation and reset links can be
 * followed without a mail server. They hold every reset and invitation link: served only to a
 * browser on the machine itself (isFromThisMachine), a 403 page to any other.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { Router } from 'express'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import type { Config } from '../config.ts'
import { AppError } from '../lib/errors.ts'
import { logger } from '../lib/logger.ts'
import { formatDateTime } from './format.ts'
import { isFromThisMachine } from './local-request.ts'

/** The listing parses every file: keep it to the most recent ones. */
const LIST_LIMIT = 100
const EML_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/

export type TextSegment = { text: string } | { text: string; href: string }

export function isEmlFileName(name: string): boolean {
  return EML_NAME.test(name) && path.basename(name) === name
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return ''
  return (Array.isArray(address) ? address : [address]).map((a) => a.text).join(', ')
}

const URL_PATTERN = /https?:\/\/[^\s<>"«»]+/g
/** "voir https://x.fr/a." — the final dot ends the sentence, not the address */
const trimUrl = (url: string) => url.replace(/[.,;:!?)\]]+$/, '')

/** Splits a line of text into plain parts and http(s) links (trailing punctuation stays text). */
export function linkifyLine(line: string): TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of line.matchAll(URL_PATTERN)) {
    const href = trimUrl(match[0])
    const start = match.index
    if (start > last) segments.push({ text: line.slice(last, start) })
    segments.push({ text: href, href })
    last = start + href.length
  }
  if (last < line.length) segments.push({ text: line.slice(last) })
  return segments
}

/** Paragraphs (separated by blank lines) of lines of segments, for the view to escape and link. */
function textParagraphs(text: string): TextSegment[][][] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => paragraph.split('\n').map(linkifyLine))
}

function summarize(file: string, mail: ParsedMail) {
  return {
    file,
    /** ISO, for <time datetime> */
    date: mail.date?.toISOString() ?? '',
    dateLabel: formatDateTime(mail.date),
    to: addressText(mail.to),
    subject: mail.subject ?? '',
  }
}

export function createDevMailboxRouter(config: Pick<Config, 'dataDir'>): Router {
  const mailsDir = path.join(config.dataDir, 'mails')
  const router = Router()

  router.use((req, res, next) => {
    if (isFromThisMachine(req)) return next()
    logger.warn('dev mailbox: refused to a request from another machine', { path: req.originalUrl, address: req.socket.remoteAddress })
    res.status(403).render('errors/403', {
      title: 'Accès refusé',
      message:
        'Les courriels envoyés en développement ne se consultent que depuis la machine qui fait tourner la plateforme : ouvrez cette page dans un navigateur de cette machine (http://localhost:…).',
    })
  })

  router.get('/', async (_req, res) => {
    const names = await readdir(mailsDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[]
      throw error
    })
    // file names start with the ISO date: the reverse order is newest first
    const files = names.filter(isEmlFileName).sort().reverse()
    const mails = await Promise.all(
      files.slice(0, LIST_LIMIT).map(async (file) => summarize(file, await simpleParser(await readFile(path.join(mailsDir, file))))),
    )
    res.render('dev/mailbox', {
      title: 'Courriels envoyés (développement)',
      mails,
      total: files.length,
      limit: LIST_LIMIT,
      directory: mailsDir,
    })
  })

  router.get('/:file', async (req, res) => {
    const file = req.params.file
    if (!isEmlFileName(file)) throw new AppError('NOT_FOUND')
    const source = await readFile(path.join(mailsDir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new AppError('NOT_FOUND')
      throw error
    })
    const mail = await simpleParser(source)
    const text = mail.text ?? ''
    const links = [...new Set([...text.matchAll(URL_PATTERN)].map((match) => trimUrl(match[0])))]
    res.render('dev/mail', {
      title: mail.subject ? `Courriel : ${mail.subject}` : 'Courriel sans objet',
      mail: {
        ...summarize(file, mail),
        from: addressText(mail.from),
        hasHtml: Boolean(mail.html),
        attachments: mail.attachments.map((attachment) => ({
          filename: attachment.filename ?? '(sans nom)',
          contentType: attachment.contentType,
          size: attachment.size,
        })),
      },
      paragraphs: textParagraphs(text),
      links,
    })
  })

  return router
}
