// The sandbox SMSC in a process of its own, so benchmarks measure the client, not the server.
// Prints the port on stdout, runs until killed.
import { SandboxSmsc } from '../src/main/core/providers/smpp/sim'

const [systemId = 'bench', password = 'bench'] = process.argv.slice(2)
const smsc = new SandboxSmsc({
  systemId,
  password,
  ratePerSecond: 0,
  receiptDelayMs: 0,
  maxRecords: 1,
})
void smsc.start().then(() => process.stdout.write(`${smsc.port}\n`))
