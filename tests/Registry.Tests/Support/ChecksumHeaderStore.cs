using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Hotswap.Registry.Storage;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Support;

/// <summary>
/// The shared s3rver as AWS S3 answers a HEAD with <c>ChecksumMode=ENABLED</c> for an object uploaded with a SHA-256
/// checksum: s3rver 3.7.1 keeps no checksums and never sends <c>x-amz-checksum-sha256</c>, so the SDK's own HTTP
/// handler adds the header (and <c>x-amz-checksum-type</c>) to s3rver's real answers for ONNX objects. Everything else,
/// bodies included, is s3rver's.
/// </summary>
public static class ChecksumHeaderStore
{
    /// <param name="checksumOf">The SHA-256 the header carries for the object (what S3 recorded at upload).</param>
    /// <param name="checksumType">FULL_OBJECT, or COMPOSITE for a multipart upload's checksum of part checksums.</param>
    public static S3ObjectStore Create(S3rverProcess server, byte[] checksumOf, string checksumType = "FULL_OBJECT")
    {
        var options = server.StoreOptions("unused");
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            HttpClientFactory = new Factory(Convert.ToBase64String(SHA256.HashData(checksumOf)) + (checksumType == "COMPOSITE" ? "-2" : ""), checksumType),
        };
        var client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
        return new S3ObjectStore(client, S3rverProcess.Bucket, options.Timeout);
    }

    private sealed class Factory(string checksum, string type) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new AddChecksum(checksum, type) { InnerHandler = new HttpClientHandler() });

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
    }

    private sealed class AddChecksum(string checksum, string type) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Head && response.IsSuccessStatusCode && request.RequestUri!.AbsolutePath.EndsWith(".onnx", StringComparison.Ordinal))
            {
                response.Headers.TryAddWithoutValidation("x-amz-checksum-sha256", checksum);
                response.Headers.TryAddWithoutValidation("x-amz-checksum-type", type);
            }

            return response;
        }
    }
}
