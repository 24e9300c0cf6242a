/*
 * clean_lexicon.c: hand-written hint lists for the clean stage (see
 * clean_lexicon.h). Written for this project from general knowledge of
 * news sites; none of it comes from a data set. Extend by adding entries.
 * Complexity: linear scans of short lists.
 */
#include "text/clean_lexicon.h"

#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_letter(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; }

static int eq_ci(const char *p, size_t n, const char *s) {
  if (!n || lower((unsigned char)p[0]) != lower((unsigned char)s[0])) return 0;
  size_t m = strlen(s);
  if (m != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)p[i]) != lower((unsigned char)s[i])) return 0;
  return 1;
}

const char *hd_lex_find(hd_lex_list list, const char *p, size_t n) {
  for (size_t i = 0; list[i]; i++)
    if (eq_ci(p, n, list[i])) return list[i];
  return NULL;
}

const char *hd_lex_prefix(hd_lex_list list, const char *p, size_t n) {
  const char *best = NULL;
  size_t best_len = 0;
  if (!n) return NULL;
  int first = lower((unsigned char)p[0]);
  for (size_t i = 0; list[i]; i++) {
    if (lower((unsigned char)list[i][0]) != first) continue;
    size_t m = strlen(list[i]);
    if (m > n || m <= best_len || !eq_ci(p, m, list[i])) continue;
    /* the entry must end at a word boundary, unless it ends in punctuation */
    if (m < n && is_letter((unsigned char)list[i][m - 1]) && is_letter((unsigned char)p[m])) continue;
    best = list[i];
    best_len = m;
  }
  return best;
}

hd_lex_list HD_LEX_OUTLETS = {
    "The Washington Post", "Washington Post", "The New York Times", "New York Times",
    "The Wall Street Journal", "Wall Street Journal", "USA Today", "USA TODAY",
    "Los Angeles Times", "Chicago Tribune", "The Boston Globe", "Boston Globe",
    "The Guardian", "The Observer", "The Times", "The Sunday Times", "The Telegraph",
    "The Daily Telegraph", "The Independent", "Financial Times", "The Economist",
    "BBC News", "BBC", "CNN", "Fox News", "NBC News", "CBS News", "ABC News", "NPR",
    "Reuters", "Associated Press", "The Associated Press", "AP", "Agence France-Presse",
    "AFP", "Bloomberg", "Bloomberg News", "Politico", "POLITICO", "The Hill", "Axios",
    "HuffPost", "The Huffington Post", "Huffington Post", "Breitbart", "Breitbart News",
    "Western Journal", "The Western Journal", "BuzzFeed News", "Vox", "Slate", "Salon",
    "The Atlantic", "The New Yorker", "Newsweek", "Time", "TIME", "The Daily Beast",
    "Al Jazeera", "Deutsche Welle", "DW", "France 24", "Le Monde", "Der Spiegel",
    "The Irish Times", "The Sydney Morning Herald", "The Age", "The Australian",
    "Toronto Star", "The Globe and Mail", "National Post", "CBC News", "The Hindu",
    "The Times of India", "Hindustan Times", "South China Morning Post",
    "The Straits Times", "The Japan Times", "Haaretz", "The Jerusalem Post", "Daily Mail",
    "MailOnline", "The Sun", "Daily Mirror", "The Mirror", "Evening Standard",
    "The Scotsman", "The Herald", "Miami Herald", "The Philadelphia Inquirer",
    "San Francisco Chronicle", "Houston Chronicle", "The Dallas Morning News",
    "The Denver Post", "The Seattle Times", "Star Tribune", "Tampa Bay Times",
    "The Atlanta Journal-Constitution", "Newsday", "New York Post", "New York Daily News",
    "Daily News", "The Christian Science Monitor", "ProPublica", "The Intercept",
    "Mother Jones", "National Review", "The Weekly Standard", "The Nation",
    "The Washington Times", "Washington Examiner", "The Daily Caller", "Daily Caller",
    "The Federalist", "Vice News", "Business Insider", "Forbes", "Fortune", "CNBC",
    "MarketWatch", "Yahoo News", "Sky News", "ITV News", "Euronews", "The Moscow Times",
    "Kyiv Independent", "Xinhua", "Kyodo News", "Yonhap", "The Local", "The Baltimore Sun",
    "Chicago Sun-Times", "The Oregonian", "The Arizona Republic", "Detroit Free Press",
    "The Kansas City Star", "The Plain Dealer", "Orlando Sentinel", "Sun Sentinel",
    "The Sacramento Bee", "Pittsburgh Post-Gazette", "The Times-Picayune", NULL};

hd_lex_list HD_LEX_OUTLET_WORDS = {
    "Post", "Times", "Journal", "News", "Herald", "Tribune", "Guardian", "Telegraph",
    "Gazette", "Chronicle", "Star", "Mail", "Express", "Review", "Observer", "Independent",
    "Globe", "Sun", "Mirror", "Press", "Record", "Register", "Examiner", "Inquirer",
    "Bulletin", "Courier", "Monitor", "Standard", "Economist", "Wire", "Report", "Today",
    "Magazine", "Dispatch", "Sentinel", "Ledger", "Beacon", "Banner", "Leader", "Enquirer",
    "Statesman", "Republic", "Daily", "Weekly", "Insider", "Reporter", "Advocate", "Citizen",
    "Eagle", "Constitution", "Argus", "Pioneer", "Messenger", "Mercury", "Clarion",
    "Intelligencer", "Post-Gazette", "Times-Picayune", "Bee", "Sun-Times", "Free Press",
    "Picayune", "Caller", "Beast", "Nation", "Atlantic", NULL};

hd_lex_list HD_LEX_SECTIONS = {
    "Opinion", "Opinions", "Editorial", "Editorials", "Commentary", "Op-Ed", "Op-Eds", "Oped",
    "Analysis", "News Analysis", "Perspective", "Perspectives", "Column", "Columns",
    "Columnists", "Letters", "Letters to the Editor", "Editorial Board", "The Editorial Board",
    "Politics", "World", "World News", "U.S.", "US", "U.S. News", "US News", "National",
    "National Security", "National News", "Local", "Local News", "Metro", "Nation",
    "International", "Europe", "Asia", "Africa", "Americas", "Middle East", "Asia Pacific",
    "Latin America", "Business", "Economy", "Markets", "Finance", "Money", "Tech",
    "Technology", "Science", "Health", "Climate", "Environment", "Climate & Environment",
    "Education", "Sports", "Sport", "Entertainment", "Culture", "Arts", "Books", "Style",
    "Lifestyle", "Travel", "Food", "Religion", "Media", "Justice", "Law", "Crime",
    "Courts", "Immigration", "Elections", "Election 2016", "Congress", "White House",
    "The Fix", "World Views", "WorldViews", "Foreign Policy", "Defense", "Security",
    "Investigations", "Fact Check", "Fact Checker", "Explainer", "Breaking News", "Video",
    "Podcast", "Obituaries", "Real Estate", "Energy", "Weather", "Transportation", NULL};

hd_lex_list HD_LEX_OPINION_SECTIONS = {
    "Opinion", "Opinions", "Editorial", "Editorials", "Commentary", "Op-Ed", "Op-Eds", "Oped",
    "Column", "Columns", "Columnists", "Letters", "Letters to the Editor", "Editorial Board",
    "The Editorial Board", "Perspective", "Perspectives", NULL};

hd_lex_list HD_LEX_ANALYSIS_SECTIONS = {"Analysis", "News Analysis", "Explainer", NULL};

/* Labels that practically never start a headline as an ordinary word
 * followed by a capitalised word, so a fused "Label Headline" is safe. */
hd_lex_list HD_LEX_FUSABLE_SECTIONS = {
    "Opinion", "Opinions", "Editorial", "Commentary", "Op-Ed", "Analysis", "News Analysis",
    "Perspective", "Perspectives", "Explainer", "Fact Check", "Letters", NULL};

hd_lex_list HD_LEX_CREDIT_WORDS = {
    "Getty Images", "Getty", "AP", "AP Photo", "The Associated Press", "Associated Press",
    "Reuters", "AFP", "Agence France-Presse", "EPA", "EPA-EFE", "Bloomberg", "Shutterstock",
    "iStock", "iStockphoto", "Alamy", "Pool", "Sipa", "Sipa USA", "ZUMA", "ZUMA Press",
    "ZUMA Wire", "NurPhoto", "Anadolu", "Anadolu Agency", "Xinhua", "TASS", "Handout",
    "Courtesy", "Redux", "Corbis", "Contributor", "Staff", "File", "PA", "PA Images",
    "PA Wire", "Rex", "Rex Features", "Wikimedia Commons", "Flickr", "USA TODAY",
    "USA Today", "The Washington Post", "The New York Times", "For The Washington Post",
    "For The New York Times", "The Boston Globe", "Los Angeles Times", "Chicago Tribune",
    "Star Tribune", "Miami Herald", "dpa", "Kyodo", "Yonhap", "Imagn", "Imagn Content Services",
    NULL};

hd_lex_list HD_LEX_CAPTION_OPENERS = {
    "Photo:", "Photos:", "Photo by", "Photograph:", "Photograph by", "Photographs:",
    "Photo credit:", "Image:", "Images:", "Image credit:", "Image by", "Picture:",
    "Pictured:", "Credit:", "Credits:", "Caption:", "Illustration:", "Illustration by",
    "Graphic:", "File photo:", "(Photo", "(Image", "(Credit", "Credit...",
    "Credit…", "Photographer:", "Photo illustration:", "Photo illustration by", "Image source,",
    "Image source:", "Image caption,", "Image caption:", "Media caption,", "Media caption:", NULL};

hd_lex_list HD_LEX_AD_WORDS = {
    "ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsored",
    "sponsor", "promo", "promoted", "embed", "video", "image", "photo", "gallery",
    "slideshow", "tweet", "instagram", "facebook", "youtube", "related", "readmore",
    "read more", "newsletter", "subscribe", "paywall", "widget", "caption", "pullquote",
    "pull quote", "inline", "placeholder", "insert", "chart", "graphic", "interactive",
    "embedded content", "embedded video", "embedded tweet", "media", "image caption",
    "infobox", "poll", "podcast", "audio", "iframe", "script", NULL};

hd_lex_list HD_LEX_AD_LINES = {
    "Advertisement", "Advertisements", "Advert", "Ad", "Ads", "Sponsored", "Sponsored Content",
    "Sponsored content", "Paid Content", "Paid Post", "Promoted", "Promoted Content",
    "Story continues below advertisement", "Article continues below advertisement",
    "Continue reading below advertisement", "Article continues below",
    "Story continues below", "Continue reading the main story", "Continue reading",
    "Skip Advertisement", "Advertisement - Scroll to continue", "Scroll to continue",
    "Scroll to continue with content", "Report an ad", "Ad Feedback", "AD", "ADVERTISING",
    "Advertising", "Supported by", NULL};

hd_lex_list HD_LEX_HTML_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "button", "div", "em",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "i", "iframe", "img", "input", "li", "link", "meta", "nav", "noscript",
    "ol", "p", "picture", "script", "section", "source", "span", "strong", "style", "sup",
    "sub", "table", "tbody", "td", "th", "tr", "u", "ul", "video", "svg", "time", NULL};

hd_lex_list HD_LEX_RELATED_HEADERS = {
    "Read more on this topic", "Read more on this", "Read more about this",
    "Read more", "Read More", "More reading", "Related", "Related:", "Related coverage",
    "Related Coverage", "Related content", "Related stories", "Related articles",
    "Related links", "Related reading", "Related news", "Related topics", "See also",
    "Also read", "Also see", "Also on", "Further reading", "Recommended",
    "Recommended for you", "Recommended reading", "More on this story", "More on this topic",
    "More on this", "More stories", "More coverage", "More news", "More from",
    "You may also like", "You might also like", "Most read", "Most popular", "Most viewed",
    "Trending", "Trending now", "What to read next", "Keep reading", "Top stories",
    "Don't miss", "Don’t miss", "In case you missed it", "Popular now", "Latest news",
    "Read next", "Up next", "Also in", NULL};

hd_lex_list HD_LEX_PROMO_OPENERS = {
    "Sign up for", "Sign up to", "Sign up here", "Subscribe to", "Subscribe now",
    "Subscribe for", "Click here", "Share this article", "Share this story", "Share this",
    "Share on Facebook", "Share on Twitter", "Share on", "Share via", "Follow us on", "Follow us",
    "Like us on", "Download our app", "Download the app", "Get the app",
    "Get our newsletter", "Get the latest", "Get breaking news", "Join our newsletter",
    "Want more stories like this", "Want to read more", "Enjoyed this article",
    "Support our journalism", "Become a member", "This article originally appeared",
    "This story originally appeared", "Originally published", "This article was originally",
    "Copyright", "©", "(c) Copyright", "All rights reserved", "Leave a comment",
    "Print this article", "Email this article", "Comment on this story", "Our Standards:",
    "Our Standards", NULL};

hd_lex_list HD_LEX_PROMO_LINES = {
    "Comments", "Comment", "Share", "Share this", "Tweet", "Tweet this", "Email", "Print",
    "Pin it", "Save", "Save article", "Gift this article", "Listen to this article",
    "Listen", "Show comments", "View comments", "Jump to comments", "Back to top",
    "Skip to main content", "Skip to content", "Menu", "Search", "Log in", "Sign in",
    "Subscribe", "Newsletter", "Newsletters", "Watch", "Play", "Loading...", "Loading", NULL};

hd_lex_list HD_LEX_BIO_WORDS = {
    "columnist", "contributing columnist", "contributor", "contributing writer",
    "contributing editor", "staff writer", "writer", "correspondent", "reporter", "editor",
    "opinion writer", "editorial writer", "blogger", "journalist", "commentator",
    "senior writer", "freelance writer", "freelance journalist", "author", NULL};

hd_lex_list HD_LEX_SOCIAL = {
    "Twitter", "Facebook", "Instagram", "X", "Threads", "Bluesky", "Mastodon", "LinkedIn",
    "TikTok", "YouTube", "Substack", "Telegram", NULL};

hd_lex_list HD_LEX_NAME_PARTICLES = {
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "al",
    "el", "bin", "ibn", "ben", "y", "and", "&", "of", NULL};

hd_lex_list HD_LEX_TIMESTAMP_OPENERS = {
    "Updated", "Updated:", "Published", "Published:", "Posted", "Posted:", "Last updated",
    "Last Updated", "First published", "Modified", NULL};

hd_lex_list HD_LEX_DISCLAIMERS = {
    "The views expressed", "The opinions expressed", "Views expressed", "Opinions expressed",
    "The views and opinions expressed", "This is an opinion", "This column does not",
    "This article is an opinion", NULL};
