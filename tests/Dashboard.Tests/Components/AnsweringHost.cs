namespace Hotswap.Dashboard.Tests.Components;

/// <summary>A host stub for the dashboard's HTTP clients: it records each request's path and body and gives one fixed answer.</summary>
internal sealed class AnsweringHost(Func<HttpContent> answer) : HttpMessageHandler, IHttpClientFactory
{
    public List<(string Path, string Body)> Requests { get; } = [];

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.RequestUri!.AbsolutePath, await request.Content!.ReadAsStringAsync(cancellationToken)));
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = answer() };
    }
}
