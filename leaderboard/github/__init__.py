"""The GitHub glue: the steps of the workflows in ``.github/workflows`` and the ``gh`` client.

This layer sits on top of the library and nothing below imports it:

- ``actions``: workflow commands, annotations, ``$GITHUB_OUTPUT``/``$GITHUB_STEP_SUMMARY``/event files;
- ``api``: a minimal REST client (pull request, files, blobs, the report comment);
- ``prguard``: ``check-pr``, the pull request's scope decided from git objects alone;
- ``ci``: the check job's summary and artifact, the report workflow's verification and comment,
  private gold unpacking;
- ``pullrequest``: ``submit --open-pr`` and ``status <PR>`` through git and ``gh``.
"""
