/**
 * Contacts from an Excel or CSV file: read as the bulk import reads files (a workbook's sheet,
 * a CSV's encoding and delimiter guessed), then its phone and name columns chosen, a group and a
 * tag to give them, the profile whose country reads local numbers; every other column a field.
 */
import { useId, useState } from 'react'
import type { ContactGroup } from '../../../shared/calls/contacts'
import type { CsvAnalysis } from '../../../shared/calls/imports'
import { call, errorText, isDesktop } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { Field, SelectField } from '../../components/Field'
import { ProfileSelect } from '../../components/ProfileSelect'
import { uploadFile } from '../../components/upload'
import { defaultProfile } from '../../stores/profile-choice'
import { useProfiles, useShownProfiles } from '../../stores/profiles'
import { useContactsT } from './strings'

const NAME_HEADER = /name|имя|фио|клиент|contact|контакт/i

export function ImportContacts({
  groups,
  groupId,
  onClose,
}: {
  groups: readonly ContactGroup[]
  /** The group shown: the file's contacts join it unless the agent chooses another. */
  groupId: number | null
  onClose(): void
}) {
  const t = useContactsT()
  const ids = useId()
  const profiles = useShownProfiles()
  const lastUsed = useProfiles((s) => s.lastUsed)
  const [profileId, setProfileId] = useState(() => defaultProfile(profiles, lastUsed)?.id ?? '')
  const [analysis, setAnalysis] = useState<CsvAnalysis | null>(null)
  const [phoneColumn, setPhoneColumn] = useState(0)
  const [nameColumn, setNameColumn] = useState(-1)
  const [target, setTarget] = useState(groupId ?? 0)
  const [tag, setTag] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<string[] | null>(null)

  const read = async (get: () => Promise<CsvAnalysis | null>) => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      const a = await get()
      if (!a) return
      setAnalysis(a)
      setPhoneColumn(a.phoneColumn)
      setNameColumn(a.columns.findIndex((c, i) => i !== a.phoneColumn && NAME_HEADER.test(c)))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const run = async () => {
    if (!analysis) return
    setBusy(true)
    setError(null)
    try {
      const done = await call('contacts.importUpload', {
        uploadId: analysis.uploadId,
        phoneColumn,
        nameColumn: nameColumn < 0 ? null : nameColumn,
        groupId: target === 0 ? null : target,
        ...(tag.trim() ? { tag: tag.trim() } : {}),
        ...(profileId ? { profileId } : {}),
      })
      setResult([
        t.imported(done.added, done.updated),
        ...(done.invalid > 0
          ? [
              t.invalid(done.invalid),
              ...done.invalidRows.slice(0, 5).map((r) => `${r.line}: ${r.phone} — ${r.reason}`),
            ]
          : []),
      ])
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const fields = analysis
    ? analysis.columns.filter((_, i) => i !== phoneColumn && i !== nameColumn)
    : []

  return (
    <Dialog
      title={t.importTitle}
      onClose={onClose}
      busy={busy}
      describedByBody={false}
      className="contact-dialog"
      actions={
        <>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {result && (
            <div className="notice" role="status">
              {result.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </div>
          )}
          <div className="actions-line">
            {analysis && !result && (
              <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
                {t.importRun}
              </button>
            )}
            <button type="button" disabled={busy} onClick={onClose}>
              {result ? t.close : t.cancel}
            </button>
          </div>
        </>
      }
    >
      {isDesktop ? (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void read(
              async () => (await call('import.openFile', { title: t.openFileTitle })).analysis,
            )
          }
        >
          {t.openFile}
        </button>
      ) : (
        <Field id={`${ids}-file`} label={t.importFile}>
          <input
            id={`${ids}-file`}
            type="file"
            accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) void read(() => uploadFile(file, () => {}))
            }}
          />
        </Field>
      )}
      {busy && !analysis && <p className="hint">{t.reading}</p>}
      {analysis && (
        <>
          <p>
            <strong>{t.rows(analysis.rowCount, analysis.name)}</strong>
          </p>
          <div className="row">
            <SelectField<number>
              id={`${ids}-phone`}
              label={t.phoneColumn}
              value={phoneColumn}
              options={analysis.columns.map((c, i) => [i, c] as const)}
              onChange={setPhoneColumn}
            />
            <SelectField<number>
              id={`${ids}-name`}
              label={t.nameColumn}
              value={nameColumn}
              options={[
                [-1, t.noColumn] as const,
                ...analysis.columns.map((c, i) => [i, c] as const),
              ]}
              onChange={setNameColumn}
            />
          </div>
          <p className="hint">{t.fieldsNote(fields)}</p>
          <div className="row">
            <SelectField<number>
              id={`${ids}-group`}
              label={t.intoGroup}
              value={target}
              options={[[0, t.noGroup] as const, ...groups.map((g) => [g.id, g.name] as const)]}
              onChange={setTarget}
            />
            <Field id={`${ids}-tag`} label={t.withTag}>
              <input
                id={`${ids}-tag`}
                value={tag}
                maxLength={50}
                onChange={(e) => setTag(e.target.value)}
              />
            </Field>
            <ProfileSelect
              id={`${ids}-profile`}
              label={t.readAs}
              profiles={profiles}
              value={profileId}
              onChange={setProfileId}
            />
          </div>
        </>
      )}
    </Dialog>
  )
}
