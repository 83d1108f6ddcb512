import { isIP } from 'node:net'
import type { Request } from 'express'

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses (::ffff:127.0.0.1). */
function isLoopbackAddress(address: string): boolean {
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.')
  return isIP(address) === 6 && (address === '::1' || address === '0:0:0:0:0:0:0:1')
}

/**
 * A request from a browser on the machine that runs the app: the TCP peer is a loopback address.
 * The socket, never req.ip nor X-Forwarded-For, which a remote client writes as it likes; and a
 * request that came through a proxy (Forwarded, X-Forwarded-For) is not local even when the proxy is.
 */
export function isFromThisMachine(req: Request): boolean {
  const address = req.socket.remoteAddress
  if (!address || !isLoopbackAddress(address)) return false
  return req.headers.forwarded === undefined && req.headers['x-forwarded-for'] === undefined
}
