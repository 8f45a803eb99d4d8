import { useState, type FormEvent } from "react";
import {
  useUpdateNotificationPreferences,
  type NotificationPreferencesUpdate,
} from "@/api/update-notification-preferences";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { CheckboxField } from "@/components/checkbox-field";
import { FormErrorAlert } from "@/components/form-error-alert";
import { Panel } from "@/components/panel";
import { QueryErrorAlert } from "@/components/query-error-alert";
import { Spinner } from "@/components/spinner";
import { TimeZoneField } from "@/components/time-zone-field";
import { canonicalTimeZone, deviceTimeZone, isValidTimeZone } from "@/lib/datetime";
import { CHECK_FIELDS_MESSAGE, splitServerError, type FormError } from "@/lib/form";
import { useFormErrors } from "@/lib/use-form-errors";
import type { FieldErrors, NotificationPreferences } from "@/types/api";
import { useNotificationPreferences } from "@/features/profile/api/get-notification-preferences";

type NotificationSettingsProps = {
  userId: number;
  /** The saved phone number: text reminders go there. */
  phone: string | null;
};

/** Reminder channels and the time zone of the times in mail. */
export function NotificationSettings({ userId, phone }: NotificationSettingsProps) {
  const query = useNotificationPreferences(userId);

  return (
    <Panel
      title="Notifications"
      description={<p>Confirmations and cancellations are always sent by email.</p>}
    >
      {query.isPending ? (
        <Spinner label="Loading your notification settings…" className="justify-start py-2" />
      ) : query.isError ? (
        <QueryErrorAlert
          title="We couldn't load your notification settings."
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : (
        <NotificationSettingsForm key={userId} userId={userId} preferences={query.data} phone={phone} />
      )}
    </Panel>
  );
}

type FormValues = {
  emailReminders: boolean;
  smsReminders: boolean;
  timezone: string;
};

const fieldOrder = ["emailReminders", "smsReminders", "timezone"] as const;

const fieldLabels: Partial<Record<string, string>> = {
  emailReminders: "Email reminders",
  smsReminders: "Text reminders",
  timezone: "Time zone",
};

function formValues(preferences: NotificationPreferences): FormValues {
  return {
    emailReminders: preferences.emailReminders,
    smsReminders: preferences.smsReminders,
    timezone: preferences.timezone ?? "",
  };
}

/**
 * The zone typed, as the server spells it; no value when there was none and still is none (an
 * account made before zones were asked for); or why it can't be sent.
 */
function zoneToSend(
  typed: string,
  saved: string | null,
  example: string,
): { value?: string } | { problem: string } {
  const zone = typed.trim();
  if (zone === "") {
    return saved === null ? {} : { problem: `Enter your time zone, for example ${example}.` };
  }
  const canonical = canonicalTimeZone(zone);
  if (!isValidTimeZone(canonical) || canonical.toLowerCase() === "local") {
    return { problem: `Use a time zone from the list, for example ${example}.` };
  }
  return { value: canonical };
}

type NotificationSettingsFormProps = {
  userId: number;
  preferences: NotificationPreferences;
  phone: string | null;
};

function NotificationSettingsForm({ userId, preferences, phone }: NotificationSettingsFormProps) {
  const errors = useFormErrors();
  const { fieldErrors, formError } = errors;
  const [values, setValues] = useState<FormValues>(() => formValues(preferences));
  const [saved, setSaved] = useState(false);
  const mutation = useUpdateNotificationPreferences(userId);
  const isSaving = mutation.isPending;
  const deviceZone = deviceTimeZone();
  const example = deviceZone ?? "Europe/London";
  const canText = phone !== null && phone !== "";

  function update<K extends keyof FormValues>(name: K, value: FormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    errors.clearFieldError(name);
    setSaved(false);
  }

  function showErrors(fields: FieldErrors, error: FormError) {
    errors.showErrors(fields, error, fieldOrder, () => setSaved(false));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;

    const input: NotificationPreferencesUpdate = { emailReminders: values.emailReminders };
    if (preferences.smsAvailable && canText) {
      input.smsReminders = values.smsReminders;
    }
    const zone = zoneToSend(values.timezone, preferences.timezone, example);
    if ("problem" in zone) {
      showErrors({ timezone: [zone.problem] }, { message: CHECK_FIELDS_MESSAGE, details: [] });
      return;
    }
    if (zone.value !== undefined) {
      input.timezone = zone.value;
    }

    errors.clearErrors();
    setSaved(false);
    mutation.mutate(input, {
      onSuccess: (next) => {
        setValues(formValues(next));
        setSaved(true);
      },
      onError: (error) => {
        const result = splitServerError(error, fieldOrder, fieldLabels);
        showErrors(result.fieldErrors, result.formError);
      },
    });
  }

  return (
    <form ref={errors.formRef} noValidate onSubmit={handleSubmit} className="space-y-5">
      {formError ? <FormErrorAlert ref={errors.alertRef} error={formError} /> : null}

      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Appointment reminders</legend>
        <CheckboxField
          name="emailReminders"
          label="Email me reminders before appointments"
          checked={values.emailReminders}
          onChange={(event) => update("emailReminders", event.target.checked)}
          disabled={isSaving}
        />
        {preferences.smsAvailable ? (
          <CheckboxField
            name="smsReminders"
            label="Text me reminders"
            description={
              canText
                ? `Sent to ${phone}.`
                : "Add a phone number to your details above, save them, then turn this on."
            }
            checked={canText && values.smsReminders}
            onChange={(event) => update("smsReminders", event.target.checked)}
            disabled={isSaving || !canText}
          />
        ) : null}
      </fieldset>

      <div className="space-y-2">
        <TimeZoneField
          name="timezone"
          hint="The times in the emails we send you are shown in this zone."
          value={values.timezone}
          onChange={(value) => update("timezone", value)}
          errors={fieldErrors.timezone}
          readOnly={isSaving}
        />
        {deviceZone ? (
          <Button
            variant="ghost"
            className="-ml-1 px-2 text-left"
            disabled={isSaving}
            onClick={() => update("timezone", deviceZone)}
          >
            Use this device's time zone ({deviceZone})
          </Button>
        ) : null}
      </div>

      <div className="space-y-3 border-t border-slate-200 pt-5">
        {saved ? <Alert variant="success">Notification settings saved.</Alert> : null}
        <Button type="submit" className="w-full sm:w-auto sm:min-w-40" disabled={isSaving}>
          {isSaving ? "Saving…" : "Save notification settings"}
        </Button>
      </div>
    </form>
  );
}
