// Each test class starts a whole fleet (s3rver, two hosts, the dashboard, Chromium): on two cores, one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
