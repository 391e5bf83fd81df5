/**
 * Subject templates of rules/notification-config.yaml: text with `{field}` placeholders naming
 * notification fields (notification-fields.ts), e.g. `[{severity}] {rule_name} by {principal_name}`.
 * `{{` and `}}` write literal braces. The config parser rejects unknown names, so rendering never has
 * to guess.
 */
import {
  fieldValue,
  NOTIFICATION_FIELDS,
  type NotifiableEvent,
  type NotificationFieldName,
} from './notification-fields.js';

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;

/**
 * The placeholder names a template uses, in order, duplicates kept.
 *
 * @example
 * templatePlaceholders('[{severity}] {rule_name} {{literal}}'); // ['severity', 'rule_name']
 */
export function templatePlaceholders(template: string): readonly string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match[1] !== undefined) names.push(match[1].trim());
  }
  return names;
}

function isFieldName(name: string): name is NotificationFieldName {
  return Object.hasOwn(NOTIFICATION_FIELDS, name);
}

/**
 * The template with each `{field}` replaced by the field's value for `event` (lists joined with `, `,
 * missing values empty). An unknown name is left as written.
 *
 * @example
 * renderTemplate('[{severity}] {rule_name}', event); // '[HIGH] AdminPolicyAttached'
 */
export function renderTemplate(template: string, event: NotifiableEvent): string {
  return template.replace(PLACEHOLDER, (whole, name: string | undefined) => {
    if (name === undefined) return whole[0] ?? '';
    const key = name.trim();
    if (!isFieldName(key)) return whole;
    const value = fieldValue(event, key);
    if (value === null) return '';
    return typeof value === 'string' ? value : value.join(', ');
  });
}
