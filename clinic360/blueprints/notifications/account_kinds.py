"""The account kinds of the notifications catalogue: mail (and in-app lines) about a person's
own account rather than an appointment. Keyed by the kind's value; catalogue.py merges them
into CATALOGUE. Texts may use the keyword arguments given to ``account_event`` and
``{employee_id}``; the security kinds' buttons carry the ``{token}`` they were given."""

from __future__ import annotations

from clinic360.blueprints.notifications.texts import ACCOUNT, Entry, Text

ACCOUNT_ENTRIES: dict[str, Entry] = {
    "doctor_verified": Entry(
        texts={
            ACCOUNT: Text(
                "Your Clinic360 account is verified",
                (
                    "An administrator verified your account.",
                    "Log in with your email or phone, your password and employee ID {employee_id}.",
                ),
                heading="Welcome to Clinic360",
            )
        },
        link="/doctor",
        action=("Log in", "/login"),
        held=True,
    ),
    "doctor_rejected": Entry(
        texts={
            ACCOUNT: Text(
                "Your Clinic360 application",
                ("An administrator could not verify your application.",),
                heading="About your application",
            )
        },
        link="/",
        reason_line=True,
        held=True,
    ),
    "record_added": Entry(
        texts={
            ACCOUNT: Text(
                "{doctor_name} added to your health record",
                (
                    "{doctor_name} added an entry to your health record.",
                    "Log in to read it: the content of records is never sent by email.",
                ),
                heading="Your health record has a new entry",
            )
        },
        link="/records",
        action=("Open your records", "/records"),
    ),
    "new_sign_in": Entry(
        texts={
            ACCOUNT: Text(
                "New sign-in to your Clinic360 account",
                (
                    "Your account was signed in to from a device it has not used before.",
                    "When: {time}. Browser: {device}. Address: {address}.",
                    "If this was you, there is nothing to do. If not, change your password now "
                    "and end that session under Security.",
                ),
                heading="A new device signed in",
                body="{device}, {address}",
            )
        },
        link="/security",
        action=("Review your sessions", "/security"),
    ),
    "verify_email": Entry(
        texts={
            ACCOUNT: Text(
                "Confirm your email address for Clinic360",
                (
                    "Please confirm that this is your email address by opening the link below "
                    "within {hours} hours.",
                    "Until you do, Clinic360 sends you no other mail (appointment confirmations "
                    "and reminders appear in the app).",
                    "If you asked for a new password: confirm your address first, then ask again "
                    "on the sign-in page.",
                    "If you did not create a Clinic360 account, ignore this mail.",
                ),
                heading="Confirm your email address",
            )
        },
        link="/verify-email",
        action=("Confirm my address", "/verify-email?token={token}"),
        in_app=False,
        unverified_address=True,
    ),
    "password_reset": Entry(
        texts={
            ACCOUNT: Text(
                "Reset your Clinic360 password",
                (
                    "Someone asked to reset the password of your Clinic360 account.",
                    "The link below works once, within {minutes} minutes. Choosing a new password "
                    "signs you out everywhere.",
                    "If you did not ask for this, ignore this mail: your password stays as it is.",
                ),
                heading="Reset your password",
            )
        },
        link="/reset-password",
        action=("Choose a new password", "/reset-password?token={token}"),
        in_app=False,
        unverified_address=True,
    ),
    # An account someone made for the reader (a clinic's front desk booking a visit for a new
    # patient): the link sets its first password, and following it proves the address.
    "invitation": Entry(
        texts={
            ACCOUNT: Text(
                "{clinic} made you a Clinic360 account",
                (
                    "{clinic} booked a visit for you and made you a Clinic360 account with this "
                    "email address.",
                    "Choose a password with the link below (it works once, within {days} days) "
                    "to see your appointments, change them and get reminders.",
                    "If you did not expect this, ignore this mail: nobody can sign in to the "
                    "account until a password is chosen.",
                ),
                heading="Welcome to Clinic360",
            )
        },
        link="/reset-password",
        action=("Choose your password", "/reset-password?token={token}"),
        in_app=False,
        unverified_address=True,
    ),
    # An account an administrator (or a clinic's admin) made for a member of a clinic's staff:
    # the link sets its first password.
    "staff_invitation": Entry(
        texts={
            ACCOUNT: Text(
                "Your Clinic360 account at {clinic}",
                (
                    "You now have a Clinic360 account as {role} of {clinic}, with this email "
                    "address.",
                    "Choose a password with the link below (it works once, within {days} days), "
                    "then sign in with this address.",
                    "If you did not expect this, ignore this mail: nobody can sign in to the "
                    "account until a password is chosen.",
                ),
                heading="Welcome to Clinic360",
            )
        },
        link="/reset-password",
        action=("Choose your password", "/reset-password?token={token}"),
        in_app=False,
        unverified_address=True,
    ),
    # A clinic listed the reader among its doctors: they may leave it if that is wrong.
    "clinic_joined": Entry(
        texts={
            ACCOUNT: Text(
                "{clinic} lists you among its doctors",
                (
                    "{actor} added you to {clinic} ({city}) on Clinic360. Its front desk can now "
                    "book your free times for patients, its clinic admin can keep your "
                    "schedule, and visits booked with you there count in its figures.",
                    "If this is wrong, leave the clinic from your profile: it then sees none of "
                    "this any more.",
                ),
                heading="A clinic added you",
            )
        },
        link="/profile",
        action=("Open your profile", "/profile"),
    ),
    "account_exists": Entry(
        texts={
            ACCOUNT: Text(
                "Someone tried to register with your address",
                (
                    "Someone tried to create a Clinic360 account with this email address, which "
                    "already has one. No new account was made.",
                    "If it was you, log in instead, or reset your password if you have forgotten "
                    "it. If not, there is nothing to do.",
                ),
                heading="You already have a Clinic360 account",
            )
        },
        link="/login",
        action=("Reset your password", "/forgot-password"),
        in_app=False,
        unverified_address=True,
    ),
    "password_changed": Entry(
        texts={
            ACCOUNT: Text(
                "Your Clinic360 password was changed",
                (
                    "The password of your Clinic360 account was changed on {time}, and its other "
                    "sessions were signed out.",
                    "If this was not you, reset your password now and review your sessions.",
                ),
                heading="Your password was changed",
                body="Your other sessions were signed out.",
            )
        },
        link="/security",
        action=("Reset your password", "/forgot-password"),
    ),
    "second_factor_reset": Entry(
        texts={
            ACCOUNT: Text(
                "Two-step sign-in was turned off on your Clinic360 account",
                (
                    "An administrator turned off two-step sign-in on your account on {time}, "
                    "and every session of the account was signed out.",
                    "Sign in with your password and set up two-step sign-in again under "
                    "Security. If you did not ask for this, reset your password now and tell "
                    "your clinic.",
                ),
                heading="Two-step sign-in was turned off",
                body="Set it up again under Security.",
            )
        },
        link="/security",
        action=("Open Security", "/security"),
    ),
    "second_factor_changed": Entry(
        texts={
            ACCOUNT: Text(
                "Two-step sign-in turned {state} for your Clinic360 account",
                (
                    "Two-step sign-in was turned {state} for your Clinic360 account on {time}.",
                    "If this was not you, reset your password now and review your sessions "
                    "under Security.",
                ),
                heading="Two-step sign-in turned {state}",
            )
        },
        link="/security",
        action=("Open Security", "/security"),
    ),
    # Sent to the address the account had before (mail_current_address, before the change).
    "email_changed": Entry(
        texts={
            ACCOUNT: Text(
                "The email address of your Clinic360 account was changed",
                (
                    "On {time} the email address of your Clinic360 account was changed from this "
                    "address to {new_address}. Mail about your account now goes there, and "
                    "password reset links sent to this address no longer work.",
                    "If this was not you, contact your clinic at once: someone may be signed in "
                    "to your account.",
                ),
                heading="Your email address was changed",
            )
        },
        link="/security",
    ),
    # The last mail to an erased account (notifications.service.mail_current_address): sent to
    # the address the account had, sealed in the outbox row, once the account is erased.
    "account_deletion": Entry(
        texts={
            ACCOUNT: Text(
                "Your Clinic360 account was deleted",
                (
                    "As you asked on {requested}, your Clinic360 account was deleted on {date}. "
                    "Your name, contact details, photo, health profile, notifications and "
                    "sign-in details are erased, and nobody can sign in to the account again.",
                    "Your medical records, prescriptions, documents and consultation messages "
                    "are kept, sealed, for as long as the law requires medical records to be "
                    "kept; your doctors can still read them.",
                    "This is the last mail Clinic360 sends to this address.",
                ),
                heading="Your account is deleted",
            )
        },
        link="/",
        in_app=False,
    ),
}
