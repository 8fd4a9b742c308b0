/**
 * Reach: bringing residents in and talking to them first. Permanent scene QR codes per community
 * ({@code c:<community code>}) and per poster ({@code p:<poster id>}) with printable sheets per street;
 * a scan binds the resident to the community (in the quiz's resident record, the one place every
 * feature reads; a change is asked first), greets them and is counted by scene (hashed openids only);
 * reach by community against the configured head-counts; and campaign pushes (群发): drafted by an
 * EDITOR, previewed to their own WeChat, approved by an ADMIN, sent once per clientmsgid within the
 * account's limits, with WeChat's delivery counts. WeChat API calls are ports ({@code wechat} named
 * interface) that the WeChat gateway implements.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"console", "conversation", "core", "quiz",
        "report :: figures", "report :: grid", "survey"})
package cn.wenming.reach;
