"""The GitHub glue: the steps of the workflows in ``.github/workflows`` and the ``gh`` client.

This layer sits on top of the library and nothing below imports it:

- ``actions``: workflow commands, annotations, ``$GITHUB_OUTPUT``/``$GITHUB_STEP_SUMMARY``/event files;
- ``api``: a minimal REST client (pull request, files, blobs, the report comment, commit statuses);
- ``prguard``: ``check-pr``, the pull request's scope decided from git objects alone;
- ``ci``: the check job's summary and artifact, the report workflow's verification, comment,
  Scoring status and private-scoring period, private gold unpacking;
- ``pullrequest``: ``submit --open-pr`` (fork to upstream) and ``status`` through git and ``gh``;
- ``status``: the one submission status (status, stage, reasons, next step) every surface shows.
"""
