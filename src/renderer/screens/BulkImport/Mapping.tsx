/**
 * The message the rows become: profile, sender, the phone column, the template with the file's
 * columns as variables, a preview of the first rows, then the check (or the file's phone column
 * added to the stop-list).
 */
import { countMessage, TYPE_RULES } from '../../../shared/message-types'
import { TypeFields } from '../../components/message-types/TypeFields'
import { useId, useMemo } from 'react'
import type { CsvAnalysis } from '../../../shared/calls/imports'
import {
  compileTemplate,
  renderTemplate,
  rowValues,
  unknownVariables,
} from '../../../shared/template'
import { Field, SelectField } from '../../components/Field'
import { TemplatePicker } from '../../components/templates/TemplatePicker'
import { ProfileSelect } from '../../components/ProfileSelect'
import { canCheck, chosenOf, typeOfChoice, useBulkImport } from '../../stores/bulk-import'
import { useShownProfiles } from '../../stores/profiles'
import { useImportT } from './strings'

const PREVIEW_ROWS = 5

export function Mapping({ analysis }: { analysis: CsvAnalysis }) {
  const t = useImportT()
  const ids = useId()
  const profiles = useShownProfiles()
  const choice = useBulkImport((s) => s.choice)
  const ready = useBulkImport((s) => canCheck(s, profiles))
  const reading = useBulkImport((s) => s.reading)
  const checking = useBulkImport((s) => s.checking)
  const checkProgress = useBulkImport((s) => s.checkProgress)
  const stopAdded = useBulkImport((s) => s.stopAdded)
  const map = useBulkImport((s) => s.map)
  const insert = useBulkImport((s) => s.insert)
  const check = useBulkImport((s) => s.check)
  const stopFromFile = useBulkImport((s) => s.stopFromFile)

  const { profile, profileId, sender } = chosenOf(choice, profiles)
  const { template, phoneColumn } = choice
  const offeredTypes = profile?.capabilities.messageTypes ?? ['sms']
  const typeDraft = typeOfChoice(choice, profiles)
  const type = typeDraft.type
  const compiled = useMemo(() => compileTemplate(template), [template])
  const unknown = unknownVariables(compiled, analysis.columns)
  const preview = useMemo(() => {
    if (template === '') return []
    return analysis.preview.slice(0, PREVIEW_ROWS).map((row) => {
      const text = renderTemplate(compiled, rowValues(analysis.columns, row.cells)).text
      return {
        line: row.line,
        phone: row.cells[phoneColumn] ?? '',
        text,
        parts: countMessage(text, type).parts,
      }
    })
  }, [analysis, compiled, phoneColumn, template, type])

  return (
    <section aria-labelledby={`${ids}-mapping`}>
      <h3 id={`${ids}-mapping`}>{t.mapping}</h3>
      <div className="row">
        <ProfileSelect
          id={`${ids}-profile`}
          label={t.profile}
          profiles={profiles}
          value={profileId}
          onChange={(id) => map({ profileId: id, sender: null })}
        />
        <Field id={`${ids}-sender`} label={t.sender}>
          <input
            id={`${ids}-sender`}
            value={sender}
            maxLength={21}
            list={`${ids}-senders`}
            onChange={(e) => map({ sender: e.target.value })}
          />
          <datalist id={`${ids}-senders`}>
            {profile?.senders.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </Field>
        <SelectField
          id={`${ids}-phone`}
          label={t.phoneColumn}
          value={phoneColumn}
          options={analysis.columns.map((c, i) => [i, c] as const)}
          onChange={(column) => map({ phoneColumn: column })}
        />
      </div>
      {offeredTypes.length > 1 && (
        <TypeFields
          offered={offeredTypes}
          draft={typeDraft}
          onChange={(next) => map({ typeDraft: next })}
          invalid={false}
          error={null}
        />
      )}
      <Field id={`${ids}-template`} label={t.template}>
        <textarea
          id={`${ids}-template`}
          rows={4}
          disabled={TYPE_RULES[type].counts === 'none'}
          value={template}
          aria-describedby={`${ids}-vars`}
          onChange={(e) => map({ template: e.target.value })}
        />
        <TemplatePicker onPick={(text) => map({ template: text })} currentText={template} />
        <p id={`${ids}-vars`} className="hint import-vars">
          {t.templateHint}{' '}
          {analysis.columns.map((c) => (
            <button
              key={c}
              type="button"
              className="chip"
              aria-label={t.insert(`#${c}#`)}
              onClick={() => insert(c)}
            >
              #{c}#
            </button>
          ))}
        </p>
        {unknown.length > 0 && (
          <p className="field-error" role="alert">
            {t.unknownVars(unknown.map((v) => `#${v}#`).join(', '))}
          </p>
        )}
      </Field>
      <div className="row">
        <Field id={`${ids}-parts`} label={t.maxParts}>
          <input
            id={`${ids}-parts`}
            type="number"
            min={1}
            max={255}
            value={choice.maxParts}
            onChange={(e) =>
              map({ maxParts: Math.max(1, Math.min(255, Number(e.target.value) || 1)) })
            }
          />
        </Field>
        <Field id={`${ids}-at`} label={t.schedule}>
          <input
            id={`${ids}-at`}
            type="datetime-local"
            value={choice.scheduleAt}
            onChange={(e) => map({ scheduleAt: e.target.value })}
          />
        </Field>
      </div>
      {preview.length > 0 && (
        <table aria-label={t.preview}>
          <thead>
            <tr>
              <th>{t.line}</th>
              <th>{t.previewPhone}</th>
              <th>{t.previewText}</th>
              <th>{t.previewParts}</th>
            </tr>
          </thead>
          <tbody>
            {preview.map((p) => (
              <tr key={p.line}>
                <td className="num">{p.line}</td>
                <td className="phone">{p.phone}</td>
                <td className="text">{p.text}</td>
                <td className="num">{p.parts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions-line">
        <button
          type="button"
          className="primary"
          disabled={!ready || checking || unknown.length > 0}
          onClick={() => void check()}
        >
          {t.check}
        </button>
        <button
          type="button"
          disabled={checking || reading}
          onClick={() => {
            // A whole column at once: asked first, with how many rows it holds.
            const column = analysis.columns[phoneColumn] ?? ''
            if (window.confirm(t.confirmStopFromFile(analysis.rowCount, column))) {
              void stopFromFile()
            }
          }}
        >
          {t.stopFromFile}
        </button>
        {stopAdded && (
          <span className="notice" role="status">
            {t.stopFromFileDone(stopAdded.added, stopAdded.invalid)}
          </span>
        )}
      </div>
      {checking && (
        <div className="import-progress">
          <progress
            aria-label={t.checkProgress}
            max={checkProgress?.total ?? undefined}
            value={checkProgress?.total ? checkProgress.current : undefined}
          />
          <span>{t.checking}</span>
        </div>
      )}
    </section>
  )
}
