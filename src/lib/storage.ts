/**
 * Uploaded files on disk, under config.uploadDir (outside the web root). Each file gets a random
 * name (a UUID, no extension, nothing from the user): the database row keeps its name, type and
 * size, and the only way back to the bytes is an authorised download route.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** One plain file name directly under the folder: no separator, no leading dot (so never "." or ".."). */
const STORAGE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** The absolute path of a stored file; a key that could leave the folder (a path, "..") is refused. */
export function storedFilePath(uploadDir: string, storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new Error(`Clé de fichier invalide : ${JSON.stringify(storageKey)}`)
  return path.join(path.resolve(uploadDir), storageKey)
}

/** Writes the bytes under a new random name and returns that name (the storage key). */
export async function storeFile(uploadDir: string, content: Buffer): Promise<string> {
  const storageKey = randomUUID()
  await mkdir(path.resolve(uploadDir), { recursive: true, mode: 0o700 })
  // 'wx': never overwrite an existing file, even in the unlikely event of a UUID collision
  await writeFile(storedFilePath(uploadDir, storageKey), content, { flag: 'wx', mode: 0o600 })
  return storageKey
}

/** The bytes of a stored file; null when the file is missing on disk. */
export async function readStoredFile(uploadDir: string, storageKey: string): Promise<Buffer | null> {
  try {
    return await readFile(storedFilePath(uploadDir, storageKey))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** Removes a stored file; a file already gone is not an error. */
export async function removeStoredFile(uploadDir: string, storageKey: string): Promise<void> {
  await rm(storedFilePath(uploadDir, storageKey), { force: true })
}
