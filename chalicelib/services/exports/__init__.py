"""Exports that scale (issue 16): the whole record (FHIR R4 Bundle or readable PDF) and
statement PDFs are made by the export worker into S3, never on a request path.

    POST  -> jobs.start(): authorized, audited, one job per (patient, format, subject,
             requester) at a time, put on the export queue; answers the pending job;
    queue -> produce.run(): the export worker (its own Lambda with the PDF layer) builds the
             file in /tmp, uploads it, marks the job ready and emails the requester
             (record exports: "Your record export is ready", no PHI);
    GET   -> jobs.status(): pending | ready (with a five-minute download link) | failed.
"""
