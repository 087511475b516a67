using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hotswap.Registry.Configuration;

namespace Hotswap.Registry.Storage;

/// <summary>An <see cref="IObjectStore"/> over S3 or any S3-compatible server (MinIO, s3rver).</summary>
/// <param name="bodyReadTimeout">
/// The longest wait for the next bytes of a body. The SDK's timeout ends when the response headers arrive, so without
/// this a store that stalls mid-body would hold a download (and the model's swaps) forever.
/// </param>
public sealed class S3ObjectStore(IAmazonS3 client, string bucket, TimeSpan bodyReadTimeout) : IObjectStore, IDisposable
{
    /// <summary>
    /// A body that fails the SDK's integrity check is read again: the SDK's own retries end with the response headers.
    /// S3 never serves a torn object, but s3rver answers a PUT before the object is fully on disk.
    /// </summary>
    private const int MaxBodyAttempts = 3;

    public string Description => $"s3://{bucket}";

    public static S3ObjectStore Create(ModelStoreOptions options, string bucket)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ServiceUrl is not null,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxErrorRetry,
            // S3-compatible servers such as s3rver do not send the newer checksums; ask for them only when required.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        var client = options.AccessKeyId is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config)
            : new AmazonS3Client(config);
        return new S3ObjectStore(client, bucket, options.Timeout);
    }

    public async Task<ObjectRead> ReadAsync(string key, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await client.GetObjectAsync(
                    new GetObjectRequest { BucketName = bucket, Key = key, EtagToNotMatch = ifNoneMatch },
                    cancellationToken);
                if (response.ContentLength > IObjectStore.MaxReadBytes)
                {
                    throw IObjectStore.TooLargeToRead(Description, key, response.ContentLength);
                }

                using var buffer = new MemoryStream();
                if (!await TryCopyBodyAsync(response, buffer, attempt, cancellationToken))
                {
                    continue;
                }

                return new ObjectRead(ObjectReadStatus.Found, buffer.ToArray(), response.ETag);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotModified)
            {
                return ObjectRead.NotModified(ifNoneMatch!);
            }
            catch (AmazonS3Exception e) when (IsMissingKey(e))
            {
                return ObjectRead.NotFound;
            }
            catch (Exception e) when (IsStoreFailure(e, cancellationToken))
            {
                throw Describe(e, "read", key);
            }
        }
    }

    public async Task<long> DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await client.GetObjectAsync(
                    new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
                var start = destination.CanSeek ? destination.Position : 0;
                if (!await TryCopyBodyAsync(response, destination, attempt, cancellationToken))
                {
                    destination.SetLength(start);
                    destination.Position = start;
                    continue;
                }

                return destination.CanSeek ? destination.Position - start : response.ContentLength;
            }
            catch (AmazonS3Exception e) when (IsMissingKey(e))
            {
                throw new StoreException($"{Description}/{key} does not exist.", e);
            }
            catch (Exception e) when (IsStoreFailure(e, cancellationToken))
            {
                throw Describe(e, "download", key);
            }
        }
    }

    /// <summary>A HEAD asking for the object's checksum; <see cref="S3Digests"/> says which of its headers are digests of the whole object.</summary>
    public async Task<ObjectFacts?> StatAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED }, cancellationToken);
            return S3Digests.Of(head.ContentLength, head.ETag, head.ChecksumSHA256, head.ChecksumType?.Value, head.ServerSideEncryptionMethod?.Value, head.ServerSideEncryptionCustomerMethod?.Value);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw Describe(e, "read the metadata of", key);
        }
    }

    public async Task<string> WriteAsync(string key, Stream content, WriteOptions options, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = options.ContentType,
            // s3rver stores aws-chunked framing verbatim; a plain body round-trips byte-exact everywhere.
            UseChunkEncoding = false,
            IfMatch = options.IfMatch,
            IfNoneMatch = options.IfNoneExist ? "*" : null,
        };
        if (options.Progress is { } progress)
        {
            request.StreamTransferProgress += (_, e) => progress.Report(e.TransferredBytes);
        }

        try
        {
            var response = await client.PutObjectAsync(request, cancellationToken);
            return response.ETag;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new ConcurrentUpdateException(
                $"{Description}/{key} was changed by another writer (conditional write refused: {e.ErrorCode}).");
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw Describe(e, "write", key);
        }
    }

    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        do
        {
            ListObjectsV2Response response;
            try
            {
                response = await client.ListObjectsV2Async(request, cancellationToken);
            }
            catch (Exception e) when (IsStoreFailure(e, cancellationToken))
            {
                throw Describe(e, "list", prefix);
            }

            foreach (var o in response.S3Objects ?? [])
            {
                yield return new ObjectEntry(o.Key, o.Size ?? 0, o.LastModified is { } t ? new DateTimeOffset(t.ToUniversalTime()) : default);
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (request.ContinuationToken is not null);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(bucket, key, cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw Describe(e, "delete", key);
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>
    /// Failures of the store itself; a timeout of the SDK (not the caller's cancellation) is one too, and so is the
    /// SDK's refusal of a malformed ETag (an ArgumentOutOfRangeException), which s3rver sends for an object mid-write.
    /// </summary>
    private static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException or ArgumentOutOfRangeException ||
        (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// False when the body failed the SDK's integrity check and another attempt is left (the destination must be able
    /// to go back); the last attempt's failure is thrown.
    /// </summary>
    private async Task<bool> TryCopyBodyAsync(GetObjectResponse response, Stream destination, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await CopyBodyAsync(response.ResponseStream, destination, cancellationToken);
            return true;
        }
        catch (AmazonClientException) when (attempt < MaxBodyAttempts && destination.CanSeek)
        {
            return false;
        }
    }

    /// <summary>Copies a body, each read bounded by <see cref="bodyReadTimeout"/>; the response's disposal then ends the stalled read.</summary>
    private async Task CopyBodyAsync(Stream body, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(bodyReadTimeout, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static bool IsMissingKey(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";

    private StoreException Describe(Exception e, string operation, string key)
    {
        var reason = e switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } => $"the bucket '{bucket}' does not exist",
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" } s3 =>
                $"the credentials were refused ({s3.ErrorCode})",
            AmazonServiceException { StatusCode: var status } s when s.StatusCode != 0 => $"{(int)status} {s.ErrorCode}: {s.Message}",
            OperationCanceledException or TimeoutException => "the store did not answer in time",
            AmazonClientException c when c.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
                $"no AWS credentials were found (set {ModelStoreKeys.AccessKeyId} and {ModelStoreKeys.SecretAccessKey}, or configure the AWS credential chain)",
            _ => $"the store is unreachable ({e.GetBaseException().Message})",
        };
        return new StoreException($"Could not {operation} {Description}/{key}: {reason}.", e);
    }
}
