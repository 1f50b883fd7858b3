"""Phrase banks for generated demo answers, in English, French and Arabic."""

PHRASES: dict[str, dict[str, list[str]]] = {
    "en": {
        "first_names": [
            "Amina",
            "Carlos",
            "Mei",
            "Olusegun",
            "Priya",
            "Johan",
            "Fatima",
            "Kenji",
            "Lucía",
            "Dmitri",
            "Grace",
            "Tomás",
            "Nadia",
            "Samuel",
            "Aroha",
            "Ingrid",
            "Kwame",
            "Leila",
        ],
        "last_names": [
            "Okonkwo",
            "Fernández",
            "Nakamura",
            "Haddad",
            "Kowalski",
            "Mensah",
            "Lindqvist",
            "Sharma",
            "Da Silva",
            "Petrova",
            "Mwangi",
            "O'Connor",
            "Tanaka",
            "Rahman",
            "Van der Berg",
            "Morales",
        ],
        "position": [
            "Secretary-General of the National Commission",
            "Deputy Secretary-General",
            "Programme Officer for Education",
            "Programme Officer for Natural Sciences",
            "Programme Officer for Culture and Heritage",
            "Programme Officer for Communication and Information",
            "Head of International Cooperation",
            "Senior Advisor for Social and Human Sciences",
            "Liaison Officer for Youth and Networks",
            "Executive Secretary",
        ],
        "priority_title": [
            "Foundational literacy for all learners",
            "Digital transformation of public education",
            "Safeguarding intangible cultural heritage",
            "Strengthening national science policy",
            "Climate change education in schools",
            "Media and information literacy for youth",
            "Inclusive technical and vocational training",
            "Protection of freshwater ecosystems",
            "Open science and research data sharing",
            "Teacher training and professional development",
            "Community radio in rural areas",
        ],
        "priority_description": [
            (
                "Improve reading and numeracy outcomes in the first three years of primary school, "
                "with particular attention to rural districts."
            ),
            (
                "Equip public schools with connectivity and digital learning resources. The "
                "programme also trains teachers to integrate these tools into everyday lessons."
            ),
            (
                "Document and transmit living traditions, including oral expressions, crafts and "
                "festive practices, in cooperation with the communities concerned."
            ),
            (
                "Revise the national science, technology and innovation policy so that it reflects "
                "current research capacities and the needs of the economy."
            ),
            (
                "Integrate climate change and sustainability into the national curriculum at all "
                "levels. Pilot schools will test new teaching materials before national roll-out."
            ),
            (
                "Help young people evaluate information critically and use digital media "
                "responsibly, through school modules and community workshops."
            ),
            (
                "Expand access to vocational training for young women and persons with "
                "disabilities, in line with labour market demand."
            ),
            (
                "Strengthen monitoring of river basins and groundwater, and build the capacity of "
                "national hydrological services. Data will be shared with neighbouring countries."
            ),
            (
                "Develop a national framework for open access publications and shared research "
                "infrastructure."
            ),
            (
                "Establish a continuous professional development scheme for secondary school "
                "teachers, with a focus on science and mathematics."
            ),
        ],
        "achievements": [
            (
                "Adoption of a national strategy for inclusive education, prepared with broad "
                "stakeholder consultation."
            ),
            (
                "Two new sites were submitted for inscription on the World Heritage List, and the "
                "management plans of existing sites were updated."
            ),
            (
                "The National Commission organized a regional workshop on open science attended by "
                "researchers from eleven countries."
            ),
            (
                "Over 4,000 teachers were trained in distance learning methods. A follow-up survey "
                "shows that most of them now use digital resources regularly."
            ),
            "A national biosphere reserve was designated and its management committee established.",
            (
                "The associated schools network grew from 45 to 72 member schools, with new "
                "members in three previously unrepresented provinces."
            ),
            (
                "Launch of a media and information literacy campaign reaching more than 150,000 "
                "young people through radio and social media."
            ),
            (
                "The national inventory of intangible cultural heritage was updated and published "
                "online."
            ),
            (
                "Successful celebration of international days with events in schools, universities "
                "and museums across the country."
            ),
            (
                "A memorandum of understanding was signed with the Ministry of Higher Education to "
                "coordinate participation in the Organization's science programmes."
            ),
        ],
        "activity_areas": [
            "Education for sustainable development",
            "Literacy and lifelong learning",
            "Protection and promotion of cultural heritage",
            "Ocean sciences and coastal management",
            "Freedom of expression and safety of journalists",
            "Ethics of science and technology",
            "Youth engagement and civic participation",
            "Disaster risk reduction and early warning",
            "Documentary heritage and archives",
            "Higher education and recognition of qualifications",
        ],
        "challenges_other": [
            "Limited staff turnover planning",
            "High translation costs",
            "Delays in receiving official correspondence",
            "Weak internet connectivity",
            "Frequent changes in ministry leadership",
            "Lack of dedicated office space",
            "Insufficient travel budget",
            "Limited visibility in national media",
            "Complex procurement procedures",
        ],
        "future_perspectives": [
            (
                "The National Commission plans to strengthen its role as a platform for dialogue "
                "between government, academia and civil society."
            ),
            (
                "We intend to expand the associated schools network to every province by the end "
                "of the next biennium."
            ),
            (
                "The Commission will seek new partnerships with the private sector to finance "
                "heritage conservation projects. A dedicated fundraising strategy is under "
                "preparation."
            ),
            (
                "Over the coming years, we aim to become a regional reference for open science and "
                "the sharing of research data."
            ),
            (
                "The Commission will reinforce its communication capacity in order to make the "
                "Organization's work better known to the general public."
            ),
            (
                "We foresee closer cooperation with neighbouring national commissions on shared "
                "heritage and transboundary water resources."
            ),
            (
                "Priority will be given to youth participation, including the creation of a "
                "national youth advisory board within the Commission."
            ),
            (
                "The Commission expects to revise its statutes in order to clarify its mandate and "
                "secure a stable budget line."
            ),
            (
                "Future work will focus on the digital transformation of education and on reducing "
                "learning inequalities that widened during the pandemic."
            ),
        ],
        "proposal": [
            (
                "Organize regular online briefings for national commissions on upcoming programmes "
                "and calls for proposals."
            ),
            (
                "Share draft documents earlier so that national consultations can be held in good "
                "time."
            ),
            (
                "Establish a peer-learning mechanism between national commissions of the same "
                "region. This would allow good practices to circulate more easily."
            ),
            (
                "Provide translated versions of key guidelines in more languages to facilitate "
                "their use at national level."
            ),
            (
                "Create a simple online platform where national commissions can report activities "
                "and track joint initiatives."
            ),
            (
                "Involve national commissions more systematically in the planning of field office "
                "activities."
            ),
            (
                "Offer short training sessions for newly appointed secretaries-general and "
                "programme officers."
            ),
            (
                "Facilitate joint fundraising initiatives that bring together several member "
                "states around shared priorities."
            ),
            "Simplify the reporting templates and align deadlines with national budget cycles.",
        ],
        "post_covid_education": [
            (
                "Develop blended learning models that combine classroom teaching with quality "
                "digital content."
            ),
            (
                "Invest in teacher training for remote and hybrid instruction. Teachers should "
                "also receive support for their own well-being."
            ),
            (
                "Set up remedial programmes to recover lost learning, especially for children from "
                "low-income households."
            ),
            (
                "Guarantee affordable connectivity for all schools and learners, including in "
                "rural and remote areas."
            ),
            (
                "Strengthen school health and nutrition services so that schools can remain open "
                "safely during future crises."
            ),
            (
                "Build national repositories of open educational resources aligned with the "
                "curriculum."
            ),
            (
                "Review assessment systems to make them more flexible and better suited to "
                "interrupted schooling."
            ),
            (
                "Reinforce psychosocial support for students and strengthen cooperation between "
                "schools and families."
            ),
            (
                "Prepare national contingency plans for education that can be activated rapidly in "
                "case of future school closures."
            ),
        ],
        "post_covid_culture": [
            (
                "Create emergency support funds for artists and cultural professionals whose "
                "income was lost during the pandemic."
            ),
            "Support the digitization of museum collections and archives to broaden public access.",
            (
                "Promote new business models for the creative industries, including online "
                "distribution and ticketing."
            ),
            (
                "Strengthen social protection for cultural workers, many of whom work on a "
                "freelance basis."
            ),
            (
                "Encourage cultural tourism at local level while respecting the capacity of "
                "heritage sites."
            ),
            (
                "Include culture in national recovery plans as a driver of social cohesion and "
                "employment. This recognition should come with dedicated budget lines."
            ),
            "Provide training in digital skills for craftspeople and small cultural enterprises.",
            (
                "Organize open-air festivals and events that allow communities to reconnect safely "
                "with cultural life."
            ),
            "Document how communities adapted their living heritage practices during lockdowns.",
        ],
        "post_covid_science": [
            (
                "Increase public investment in research and development, particularly in health "
                "and life sciences."
            ),
            (
                "Strengthen international cooperation in data sharing and open access to "
                "scientific publications."
            ),
            (
                "Reinforce the science-policy interface so that decisions in future crises rest on "
                "sound evidence."
            ),
            (
                "Support young researchers whose careers were interrupted by the pandemic through "
                "fellowships and mobility grants."
            ),
            (
                "Improve public understanding of science and counter misinformation through "
                "dedicated communication programmes."
            ),
            (
                "Develop national laboratory capacities and ensure that equipment is maintained "
                "and shared among institutions."
            ),
            (
                "Promote citizen science initiatives that involve the public in data collection "
                "and monitoring."
            ),
            (
                "Integrate ethical considerations into emergency research protocols. Clear "
                "guidelines would help ethics committees act quickly."
            ),
            "Encourage interdisciplinary research linking health, environment and social sciences.",
        ],
        "women_proposals": [
            (
                "Launch mentoring programmes connecting young women scientists with established "
                "researchers."
            ),
            (
                "Collect and publish sex-disaggregated data in education, science and culture to "
                "inform policy."
            ),
            (
                "Support women entrepreneurs in the cultural and creative industries through "
                "training and access to finance."
            ),
            (
                "Promote the participation of girls in science, technology, engineering and "
                "mathematics from primary school onwards."
            ),
            (
                "Organize a national campaign to highlight the contribution of women to the "
                "country's cultural heritage."
            ),
            (
                "Strengthen measures against gender-based violence in schools and universities. "
                "Clear reporting mechanisms should be available to all students."
            ),
            (
                "Ensure balanced representation of women in the decision-making bodies of the "
                "National Commission."
            ),
            "Train women journalists in digital security and support their professional networks.",
            "Establish a national award recognizing outstanding women in research and innovation.",
        ],
        "comments": [
            (
                "The cooperation with the Organization has been constructive and responsive "
                "throughout the year."
            ),
            (
                "We appreciate the regular exchanges with the field office. More advance notice of "
                "meetings would nevertheless be helpful."
            ),
            (
                "The National Commission values the technical support received, particularly in "
                "the preparation of heritage nominations."
            ),
            (
                "Communication has improved significantly since the introduction of online "
                "coordination meetings."
            ),
            (
                "We would welcome greater involvement in the design of regional programmes that "
                "concern our country."
            ),
            (
                "The Commission thanks the Secretariat for its flexibility during the pandemic. "
                "Many activities could continue online thanks to its support."
            ),
            (
                "Overall cooperation is satisfactory, although administrative procedures remain "
                "lengthy."
            ),
            "We look forward to deepening our partnership in the coming biennium.",
            (
                "Joint activities have strengthened the visibility of the Organization in the "
                "country and should be continued."
            ),
        ],
        "participants": [
            (
                "Secretary-General of the National Commission, two programme officers, the "
                "Director of the Cooperation Department"
            ),
            "Secretary-General, Deputy Secretary-General and the Head of the field office",
            (
                "Programme Officer for Education, representatives of the Ministry of Education and "
                "the Education Sector focal point"
            ),
            "President of the National Commission, Secretary-General and the Permanent Delegate",
            (
                "Culture programme officer, Director of National Heritage and two experts from the "
                "Secretariat"
            ),
            (
                "Secretary-General, science programme officer and representatives of the national "
                "academy of sciences"
            ),
            (
                "Members of the Commission's executive bureau and the Secretariat's regional "
                "coordinator"
            ),
            "Secretary-General, communication officer and the youth network coordinator",
            (
                "Head of International Cooperation, Ministry of Foreign Affairs desk officer and "
                "two Secretariat staff members"
            ),
        ],
        "topics": [
            "Preparation of the next programme and budget consultations",
            "Status of the national heritage nominations",
            "Participation in the global education monitoring exercise",
            "Funding opportunities through the Participation Programme",
            "Organization of joint events for international days",
            "Follow-up to the recommendations of the last general conference",
            "Strengthening the associated schools network",
            "Capacity-building needs of the National Commission",
            "Cooperation on ocean science and coastal resilience",
            "Implementation of the recommendation on open science",
        ],
        "action": [
            "Submit the updated nomination file",
            "Share the list of national experts",
            "Organize a joint workshop on teacher training",
            "Prepare a concept note for the Participation Programme",
            "Update the contact list of focal points",
            "Translate the guidelines into the national language",
            "Schedule a follow-up meeting in three months",
            "Draft a joint communication plan",
            "Circulate the meeting minutes to all participants",
            "Identify pilot schools for the climate education project",
        ],
        "responsible": [
            "National Commission",
            "Secretariat – Education Sector",
            "Secretariat – Culture Sector",
            "Secretariat – Natural Sciences Sector",
            "Field office",
            "Ministry of Culture",
            "Ministry of Education",
            "Ministry of Higher Education and Scientific Research",
            "National Commission and Secretariat jointly",
            "Permanent Delegation",
        ],
        "recommendations": [
            (
                "Strengthen communication between the National Commission and the field office "
                "through monthly coordination calls."
            ),
            (
                "Prepare the Participation Programme requests well before the deadline. Early "
                "drafts can be shared with the Secretariat for informal feedback."
            ),
            "Involve relevant ministries from the start of each joint project.",
            (
                "Develop a national action plan for the implementation of the recommendation on "
                "open science."
            ),
            "Consider organizing a subregional meeting of national commissions next year.",
            (
                "Ensure that the National Commission's website is updated regularly with "
                "information on the Organization's programmes."
            ),
            (
                "Review the composition of the national committees so that all fields of "
                "competence are represented."
            ),
            (
                "Document results systematically in order to facilitate future reporting and "
                "resource mobilization."
            ),
            (
                "Designate a dedicated focal point for youth and gender equality within the "
                "Commission."
            ),
        ],
        "support_needed": [
            (
                "Technical assistance in preparing the periodic report on the implementation of "
                "the heritage conventions."
            ),
            "Training for staff on project management and results-based reporting.",
            "Financial support to organize a national consultation on education reform.",
            (
                "Access to experts on science policy to accompany the revision of the national "
                "strategy. A short mission of two weeks would be sufficient at this stage."
            ),
            "Support in translating key documents into the national language.",
            "Guidance on resource mobilization and partnerships with the private sector.",
            "Equipment and software to improve the Commission's communication capacity.",
            "Advice on establishing a national biosphere reserve committee.",
            "Assistance in developing indicators to monitor progress towards the education goals.",
        ],
        "return_comment": [
            "Please provide a detailed budget for priority 2, broken down by activity.",
            (
                "The description of the achievements is too general. Please add concrete figures "
                "and dates."
            ),
            (
                "Several sections are incomplete. Kindly complete the sections on challenges and "
                "support needed before resubmitting."
            ),
            (
                "Please clarify which ministries are responsible for the actions listed in the "
                "meeting report."
            ),
            (
                "The priorities listed do not match those discussed at the last bilateral meeting. "
                "Please review them."
            ),
            "Kindly indicate the expected timeframe for each proposed action.",
            (
                "The answer on post-pandemic education repeats the previous section. Please "
                "provide specific proposals."
            ),
            (
                "Please check the names and titles of the participants, some of which appear to be "
                "missing."
            ),
            "Please attach the supporting documents mentioned in the achievements section.",
        ],
        "reopen_comment": [
            (
                "Reopened at the request of the National Commission to update the list of "
                "participants."
            ),
            "Reopened to allow the correction of an error in the budget figures of priority 1.",
            (
                "The submission is reopened so that the new Secretary-General can review the "
                "priorities."
            ),
            "Reopened following the bilateral meeting, in order to add the agreed actions.",
            (
                "Reopened to include information received after the approval. The Commission is "
                "invited to resubmit within two weeks."
            ),
            "Reopened because the attached document could not be opened. Please upload it again.",
            (
                "Reopened to align the priorities with the revised national strategy adopted last "
                "month."
            ),
            (
                "Reopened at the request of the Education Sector to complete the section on "
                "post-pandemic recovery."
            ),
            (
                "Reopened for minor editorial corrections before publication of the consolidated "
                "report."
            ),
        ],
    },
    "fr": {
        "first_names": [
            "Aminata",
            "Jean-Baptiste",
            "Fatou",
            "Mamadou",
            "Claire",
            "Olivier",
            "Awa",
            "Théophile",
            "Mariam",
            "Étienne",
            "Nadège",
            "Souleymane",
            "Hélène",
            "Koffi",
            "Aïcha",
            "Rodrigue",
            "Geneviève",
            "Yannick",
        ],
        "last_names": [
            "Diallo",
            "Traoré",
            "Mbemba",
            "Lefèvre",
            "Kaboré",
            "Ndiaye",
            "Rakotomalala",
            "Dubois",
            "Ouédraogo",
            "Kouassi",
            "Mercier",
            "Tshibanda",
            "Benali",
            "Sawadogo",
            "Gagnon",
            "Fofana",
        ],
        "position": [
            "Secrétaire général de la Commission nationale",
            "Secrétaire générale adjointe",
            "Chargé de programme Éducation",
            "Chargée de programme Sciences exactes et naturelles",
            "Chargé de programme Culture et patrimoine",
            "Chargée de programme Communication et information",
            "Directeur de la coopération internationale",
            "Conseiller pour les sciences sociales et humaines",
            "Responsable du réseau des écoles associées",
            "Point focal Jeunesse",
        ],
        "priority_title": [
            "Alphabétisation des jeunes et des adultes",
            "Numérique au service de l'école",
            "Valorisation du patrimoine culturel immatériel",
            "Politique nationale de recherche scientifique",
            "Éducation au développement durable",
            "Éducation aux médias et à l'information",
            "Formation professionnelle inclusive des jeunes",
            "Gestion durable des ressources en eau",
            "Science ouverte et partage des données",
            "Formation continue des enseignants",
            "Radios communautaires en milieu rural",
        ],
        "priority_description": [
            (
                "Réduire l'analphabétisme chez les jeunes et les adultes, en particulier chez les "
                "femmes des zones rurales, grâce à des centres d'apprentissage de proximité."
            ),
            (
                "Doter les établissements publics d'une connexion et de ressources pédagogiques "
                "numériques. Les enseignants seront accompagnés dans l'usage de ces outils en "
                "classe."
            ),
            (
                "Inventorier et transmettre les pratiques culturelles vivantes, en étroite "
                "concertation avec les communautés détentrices."
            ),
            (
                "Actualiser la stratégie nationale de recherche et d'innovation afin de mieux "
                "répondre aux besoins du développement socio-économique."
            ),
            (
                "Intégrer les enjeux climatiques et environnementaux dans les programmes "
                "scolaires. Une phase pilote sera conduite dans une vingtaine d'établissements."
            ),
            (
                "Renforcer l'esprit critique des jeunes face à la désinformation au moyen de "
                "modules scolaires et d'ateliers communautaires."
            ),
            (
                "Élargir l'accès des jeunes filles et des personnes handicapées aux filières "
                "techniques, en lien avec les besoins du marché du travail."
            ),
            (
                "Améliorer le suivi des bassins fluviaux et des nappes souterraines et renforcer "
                "les capacités des services hydrologiques nationaux. Les données seront partagées "
                "avec les pays voisins."
            ),
            (
                "Mettre en place un cadre national pour le libre accès aux publications et la "
                "mutualisation des infrastructures de recherche."
            ),
            (
                "Instaurer un dispositif de formation continue pour les enseignants du secondaire, "
                "notamment en mathématiques et en sciences."
            ),
        ],
        "achievements": [
            (
                "Adoption d'une stratégie nationale pour l'éducation inclusive à l'issue d'une "
                "large concertation."
            ),
            (
                "Deux nouveaux biens ont été proposés pour inscription sur la Liste du patrimoine "
                "mondial, et les plans de gestion des sites existants ont été actualisés."
            ),
            (
                "La Commission nationale a organisé un atelier régional sur la science ouverte, "
                "qui a réuni des chercheurs de onze pays."
            ),
            (
                "Plus de 4 000 enseignants ont été formés à l'enseignement à distance. Une enquête "
                "de suivi montre que la majorité d'entre eux utilisent désormais régulièrement des "
                "ressources numériques."
            ),
            (
                "Création d'une nouvelle réserve de biosphère et mise en place de son comité de "
                "gestion."
            ),
            (
                "Le réseau des écoles associées est passé de 45 à 72 établissements, avec une "
                "présence nouvelle dans trois régions."
            ),
            (
                "Lancement d'une campagne d'éducation aux médias qui a touché plus de 150 000 "
                "jeunes par la radio et les réseaux sociaux."
            ),
            (
                "Mise à jour et publication en ligne de l'inventaire national du patrimoine "
                "culturel immatériel."
            ),
            (
                "Célébration des journées internationales dans les écoles, les universités et les "
                "musées de l'ensemble du pays."
            ),
            (
                "Signature d'une convention avec le ministère de l'Enseignement supérieur pour "
                "coordonner la participation aux programmes scientifiques de l'Organisation."
            ),
        ],
        "activity_areas": [
            "Éducation en vue du développement durable",
            "Alphabétisation et apprentissage tout au long de la vie",
            "Protection et mise en valeur du patrimoine culturel",
            "Sciences océaniques et gestion du littoral",
            "Liberté d'expression et sécurité des journalistes",
            "Éthique des sciences et des technologies",
            "Engagement des jeunes et participation citoyenne",
            "Réduction des risques de catastrophe",
            "Patrimoine documentaire et archives",
            "Enseignement supérieur et reconnaissance des diplômes",
        ],
        "challenges_other": [
            "Rotation fréquente du personnel",
            "Coûts de traduction élevés",
            "Retards dans la transmission du courrier officiel",
            "Connexion Internet instable",
            "Changements fréquents à la tête du ministère",
            "Absence de locaux dédiés",
            "Budget de missions insuffisant",
            "Faible visibilité médiatique",
            "Procédures de passation de marchés complexes",
        ],
        "future_perspectives": [
            (
                "La Commission nationale entend renforcer son rôle de plateforme de dialogue entre "
                "l'État, les universités et la société civile."
            ),
            (
                "Nous prévoyons d'étendre le réseau des écoles associées à toutes les régions "
                "d'ici la fin du prochain exercice biennal."
            ),
            (
                "La Commission recherchera de nouveaux partenariats avec le secteur privé pour "
                "financer la conservation du patrimoine. Une stratégie de mobilisation de "
                "ressources est en cours d'élaboration."
            ),
            (
                "À moyen terme, nous souhaitons faire de notre pays un pôle régional de référence "
                "en matière de science ouverte."
            ),
            (
                "La Commission renforcera ses capacités de communication afin de mieux faire "
                "connaître l'action de l'Organisation auprès du grand public."
            ),
            (
                "Une coopération plus étroite est envisagée avec les commissions nationales "
                "voisines sur le patrimoine partagé et les eaux transfrontalières."
            ),
            (
                "La participation des jeunes sera privilégiée, notamment par la création d'un "
                "conseil consultatif de la jeunesse au sein de la Commission."
            ),
            (
                "La Commission envisage de réviser ses statuts afin de préciser son mandat et "
                "d'obtenir une ligne budgétaire pérenne."
            ),
            (
                "Les travaux à venir porteront sur la transformation numérique de l'éducation et "
                "la réduction des inégalités d'apprentissage aggravées par la pandémie."
            ),
        ],
        "proposal": [
            (
                "Organiser des séances d'information en ligne régulières sur les programmes et "
                "appels à propositions à venir."
            ),
            (
                "Transmettre les projets de documents plus tôt afin de permettre des consultations "
                "nationales dans de bonnes conditions."
            ),
            (
                "Mettre en place un mécanisme d'apprentissage entre pairs au sein de chaque "
                "région. Les bonnes pratiques pourraient ainsi circuler plus facilement."
            ),
            (
                "Proposer des versions traduites des principales lignes directrices afin d'en "
                "faciliter l'appropriation au niveau national."
            ),
            (
                "Créer une plateforme en ligne simple permettant aux commissions nationales de "
                "rendre compte de leurs activités et de suivre les initiatives conjointes."
            ),
            (
                "Associer plus systématiquement les commissions nationales à la programmation des "
                "bureaux hors Siège."
            ),
            (
                "Offrir de courtes formations aux secrétaires généraux et chargés de programme "
                "nouvellement nommés."
            ),
            (
                "Faciliter des initiatives conjointes de mobilisation de ressources autour de "
                "priorités partagées par plusieurs États membres."
            ),
            (
                "Alléger les formulaires de rapport et harmoniser les échéances avec les cycles "
                "budgétaires nationaux."
            ),
        ],
        "post_covid_education": [
            (
                "Développer des modèles d'enseignement hybride associant cours en présentiel et "
                "contenus numériques de qualité."
            ),
            (
                "Investir dans la formation des enseignants à l'enseignement à distance. Leur "
                "bien-être doit également faire l'objet d'un accompagnement."
            ),
            (
                "Mettre en œuvre des programmes de remédiation pour rattraper les apprentissages "
                "perdus, en priorité pour les élèves issus de familles modestes."
            ),
            (
                "Garantir une connectivité abordable à tous les établissements et à tous les "
                "apprenants, y compris dans les zones isolées."
            ),
            (
                "Renforcer la santé et l'alimentation scolaires afin que les écoles puissent "
                "rester ouvertes en toute sécurité lors de crises futures."
            ),
            (
                "Constituer des banques nationales de ressources éducatives libres conformes aux "
                "programmes officiels."
            ),
            "Revoir les modalités d'évaluation pour les adapter aux scolarités interrompues.",
            (
                "Renforcer l'accompagnement psychosocial des élèves et les liens entre l'école et "
                "les familles."
            ),
            (
                "Élaborer des plans nationaux de continuité pédagogique mobilisables rapidement en "
                "cas de nouvelle fermeture des écoles."
            ),
        ],
        "post_covid_culture": [
            (
                "Créer des fonds d'urgence pour les artistes et professionnels de la culture "
                "privés de revenus pendant la pandémie."
            ),
            (
                "Soutenir la numérisation des collections muséales et des archives afin d'en "
                "élargir l'accès."
            ),
            (
                "Encourager de nouveaux modèles économiques pour les industries créatives, "
                "notamment la diffusion et la billetterie en ligne."
            ),
            (
                "Renforcer la protection sociale des travailleurs culturels, dont beaucoup "
                "exercent en indépendants."
            ),
            (
                "Développer un tourisme culturel de proximité respectueux de la capacité d'accueil "
                "des sites."
            ),
            (
                "Inscrire la culture dans les plans nationaux de relance en tant que vecteur de "
                "cohésion sociale et d'emploi. Cette reconnaissance doit s'accompagner de crédits "
                "dédiés."
            ),
            (
                "Former les artisans et les petites entreprises culturelles aux compétences "
                "numériques."
            ),
            (
                "Organiser des festivals et manifestations en plein air permettant aux populations "
                "de renouer avec la vie culturelle en toute sécurité."
            ),
            (
                "Documenter la manière dont les communautés ont adapté leurs pratiques "
                "patrimoniales pendant le confinement."
            ),
        ],
        "post_covid_science": [
            (
                "Accroître l'investissement public dans la recherche, en particulier dans les "
                "sciences de la santé et du vivant."
            ),
            (
                "Renforcer la coopération internationale en matière de partage des données et de "
                "libre accès aux publications."
            ),
            (
                "Consolider l'interface entre science et politiques publiques afin que les "
                "décisions en temps de crise reposent sur des données probantes."
            ),
            (
                "Soutenir les jeunes chercheurs dont la carrière a été interrompue par la pandémie "
                "au moyen de bourses et d'aides à la mobilité."
            ),
            (
                "Améliorer la compréhension de la science par le public et lutter contre la "
                "désinformation grâce à des programmes de médiation scientifique."
            ),
            (
                "Renforcer les capacités des laboratoires nationaux et favoriser la mutualisation "
                "des équipements."
            ),
            (
                "Promouvoir les sciences participatives associant les citoyens à la collecte et au "
                "suivi des données."
            ),
            (
                "Intégrer les considérations éthiques dans les protocoles de recherche d'urgence. "
                "Des lignes directrices claires aideraient les comités d'éthique à se prononcer "
                "rapidement."
            ),
            (
                "Encourager la recherche interdisciplinaire associant santé, environnement et "
                "sciences sociales."
            ),
        ],
        "women_proposals": [
            (
                "Lancer des programmes de mentorat associant jeunes chercheuses et scientifiques "
                "confirmées."
            ),
            (
                "Collecter et publier des données ventilées par sexe dans l'éducation, les "
                "sciences et la culture pour éclairer les politiques publiques."
            ),
            (
                "Accompagner les femmes entrepreneures des industries culturelles et créatives par "
                "la formation et l'accès au financement."
            ),
            (
                "Encourager l'orientation des filles vers les filières scientifiques et techniques "
                "dès l'école primaire."
            ),
            (
                "Organiser une campagne nationale valorisant l'apport des femmes au patrimoine "
                "culturel du pays."
            ),
            (
                "Renforcer la lutte contre les violences fondées sur le genre en milieu scolaire "
                "et universitaire. Des dispositifs de signalement clairs doivent être accessibles "
                "à tous."
            ),
            (
                "Veiller à une représentation équilibrée des femmes dans les instances de décision "
                "de la Commission nationale."
            ),
            (
                "Former les femmes journalistes à la sécurité numérique et soutenir leurs réseaux "
                "professionnels."
            ),
            (
                "Créer un prix national récompensant des femmes remarquables dans la recherche et "
                "l'innovation."
            ),
        ],
        "comments": [
            (
                "La coopération avec l'Organisation a été constructive et réactive tout au long de "
                "l'année."
            ),
            (
                "Nous apprécions la régularité des échanges avec le bureau hors Siège. Un préavis "
                "plus long pour les réunions serait toutefois souhaitable."
            ),
            (
                "La Commission nationale salue l'appui technique reçu, notamment pour la "
                "préparation des dossiers de candidature patrimoniale."
            ),
            (
                "La communication s'est nettement améliorée depuis la mise en place de réunions de "
                "coordination en ligne."
            ),
            (
                "Nous souhaiterions être davantage associés à la conception des programmes "
                "régionaux concernant notre pays."
            ),
            (
                "La Commission remercie le Secrétariat pour sa souplesse pendant la pandémie. "
                "Grâce à son appui, de nombreuses activités ont pu se poursuivre en ligne."
            ),
            (
                "La coopération est globalement satisfaisante, même si les procédures "
                "administratives demeurent longues."
            ),
            (
                "Nous nous réjouissons d'approfondir notre partenariat au cours du prochain "
                "exercice biennal."
            ),
            (
                "Les activités conjointes ont renforcé la visibilité de l'Organisation dans le "
                "pays et méritent d'être poursuivies."
            ),
        ],
        "participants": [
            (
                "Secrétaire général de la Commission nationale, deux chargés de programme, le "
                "directeur de la coopération"
            ),
            "Secrétaire générale, secrétaire général adjoint et chef du bureau hors Siège",
            (
                "Chargée de programme Éducation, représentants du ministère de l'Éducation "
                "nationale et point focal du Secteur de l'éducation"
            ),
            "Président de la Commission nationale, secrétaire général et délégué permanent",
            (
                "Chargé de programme Culture, directeur du patrimoine national et deux experts du "
                "Secrétariat"
            ),
            (
                "Secrétaire général, chargée de programme Sciences et représentants de l'Académie "
                "nationale des sciences"
            ),
            "Membres du bureau exécutif de la Commission et coordonnateur régional du Secrétariat",
            "Secrétaire générale, chargé de communication et coordinatrice du réseau des jeunes",
            (
                "Directeur de la coopération internationale, agent du ministère des Affaires "
                "étrangères et deux membres du Secrétariat"
            ),
        ],
        "topics": [
            "Préparation des consultations sur le prochain programme et budget",
            "État d'avancement des candidatures patrimoniales nationales",
            "Participation au suivi mondial de l'éducation",
            "Possibilités de financement au titre du Programme de participation",
            "Organisation conjointe des journées internationales",
            "Suivi des recommandations de la dernière Conférence générale",
            "Renforcement du réseau des écoles associées",
            "Besoins de renforcement des capacités de la Commission nationale",
            "Coopération en matière de sciences océaniques et de résilience côtière",
            "Mise en œuvre de la recommandation sur la science ouverte",
        ],
        "action": [
            "Transmettre le dossier de candidature actualisé",
            "Communiquer la liste des experts nationaux",
            "Organiser un atelier conjoint sur la formation des enseignants",
            "Rédiger une note conceptuelle pour le Programme de participation",
            "Mettre à jour la liste des points focaux",
            "Traduire les lignes directrices dans la langue nationale",
            "Prévoir une réunion de suivi dans trois mois",
            "Élaborer un plan de communication commun",
            "Diffuser le compte rendu à l'ensemble des participants",
            "Identifier les écoles pilotes du projet d'éducation au climat",
        ],
        "responsible": [
            "Commission nationale",
            "Secrétariat – Secteur de l'éducation",
            "Secrétariat – Secteur de la culture",
            "Secrétariat – Secteur des sciences exactes et naturelles",
            "Bureau hors Siège",
            "Ministère de la Culture",
            "Ministère de l'Éducation nationale",
            "Ministère de l'Enseignement supérieur et de la Recherche",
            "Commission nationale et Secrétariat conjointement",
            "Délégation permanente",
        ],
        "recommendations": [
            (
                "Renforcer la communication entre la Commission nationale et le bureau hors Siège "
                "par des points de coordination mensuels."
            ),
            (
                "Préparer les demandes au titre du Programme de participation bien avant la date "
                "limite. Les projets peuvent être soumis au Secrétariat pour un avis informel."
            ),
            "Associer les ministères concernés dès le lancement de chaque projet conjoint.",
            (
                "Élaborer un plan d'action national pour la mise en œuvre de la recommandation sur "
                "la science ouverte."
            ),
            (
                "Envisager l'organisation d'une réunion sous-régionale des commissions nationales "
                "l'an prochain."
            ),
            (
                "Veiller à la mise à jour régulière du site web de la Commission nationale avec "
                "des informations sur les programmes de l'Organisation."
            ),
            (
                "Revoir la composition des comités nationaux afin que tous les domaines de "
                "compétence y soient représentés."
            ),
            (
                "Documenter systématiquement les résultats pour faciliter les rapports futurs et "
                "la mobilisation de ressources."
            ),
            (
                "Désigner au sein de la Commission un point focal chargé de la jeunesse et de "
                "l'égalité des genres."
            ),
        ],
        "support_needed": [
            (
                "Assistance technique pour l'élaboration du rapport périodique sur la mise en "
                "œuvre des conventions relatives au patrimoine."
            ),
            "Formation du personnel à la gestion de projet et à la gestion axée sur les résultats.",
            (
                "Appui financier pour l'organisation d'une concertation nationale sur la réforme "
                "éducative."
            ),
            (
                "Mise à disposition d'experts en politique scientifique pour accompagner la "
                "révision de la stratégie nationale. Une mission courte de deux semaines suffirait "
                "dans un premier temps."
            ),
            "Appui à la traduction des principaux documents dans la langue nationale.",
            (
                "Conseils en matière de mobilisation de ressources et de partenariats avec le "
                "secteur privé."
            ),
            (
                "Équipements et logiciels pour renforcer les capacités de communication de la "
                "Commission."
            ),
            "Accompagnement pour la mise en place d'un comité national de réserve de biosphère.",
            "Aide à l'élaboration d'indicateurs de suivi des objectifs en matière d'éducation.",
        ],
        "return_comment": [
            "Veuillez détailler le budget de la priorité 2, ventilé par activité.",
            (
                "La description des réalisations reste trop générale. Merci d'ajouter des chiffres "
                "et des dates précis."
            ),
            (
                "Plusieurs rubriques sont incomplètes. Merci de compléter les sections relatives "
                "aux difficultés et aux besoins d'appui avant de soumettre à nouveau."
            ),
            (
                "Veuillez préciser quels ministères sont responsables des actions figurant dans le "
                "compte rendu de réunion."
            ),
            (
                "Les priorités indiquées ne correspondent pas à celles évoquées lors de la "
                "dernière réunion bilatérale. Merci de les revoir."
            ),
            "Merci d'indiquer le calendrier prévu pour chacune des actions proposées.",
            (
                "La réponse sur l'éducation après la pandémie reprend la section précédente. "
                "Veuillez formuler des propositions spécifiques."
            ),
            (
                "Veuillez vérifier les noms et fonctions des participants, dont certains semblent "
                "manquer."
            ),
            (
                "Merci de joindre les pièces justificatives mentionnées dans la section sur les "
                "réalisations."
            ),
        ],
        "reopen_comment": [
            (
                "Rouvert à la demande de la Commission nationale pour mettre à jour la liste des "
                "participants."
            ),
            (
                "Rouvert afin de permettre la correction d'une erreur dans les montants "
                "budgétaires de la priorité 1."
            ),
            (
                "La soumission est rouverte pour permettre au nouveau secrétaire général de "
                "réexaminer les priorités."
            ),
            "Rouvert à la suite de la réunion bilatérale, afin d'ajouter les actions convenues.",
            (
                "Rouvert pour intégrer des informations reçues après l'approbation. La Commission "
                "est invitée à soumettre à nouveau sous deux semaines."
            ),
            (
                "Rouvert car le document joint ne pouvait pas être ouvert. Merci de le téléverser "
                "de nouveau."
            ),
            (
                "Rouvert pour aligner les priorités sur la stratégie nationale révisée adoptée le "
                "mois dernier."
            ),
            (
                "Rouvert à la demande du Secteur de l'éducation pour compléter la section sur la "
                "relance après la pandémie."
            ),
            (
                "Rouvert pour de légères corrections rédactionnelles avant la publication du "
                "rapport consolidé."
            ),
        ],
    },
    "ar": {
        "first_names": [
            "محمد",
            "فاطمة",
            "أحمد",
            "مريم",
            "خالد",
            "نور",
            "يوسف",
            "سلمى",
            "عمر",
            "ليلى",
            "حسن",
            "رانيا",
            "طارق",
            "هدى",
            "سامي",
            "عائشة",
            "إبراهيم",
            "دينا",
        ],
        "last_names": [
            "العلي",
            "الحسيني",
            "بن سالم",
            "الشريف",
            "المنصوري",
            "القاسمي",
            "حداد",
            "الزهراني",
            "بوعزيز",
            "النجار",
            "الخطيب",
            "السعدي",
            "عبد الرحمن",
            "الفارسي",
            "التميمي",
            "الأنصاري",
        ],
        "position": [
            "الأمين العام للجنة الوطنية",
            "الأمين العام المساعد",
            "مسؤول برنامج التربية",
            "مسؤولة برنامج العلوم",
            "مسؤول برنامج الثقافة والتراث",
            "مسؤولة برنامج الاتصال والمعلومات",
            "مدير إدارة التعاون الدولي",
            "مستشار العلوم الاجتماعية والإنسانية",
            "منسق شبكة المدارس المنتسبة",
            "رئيس قسم العلاقات مع المنظمة",
        ],
        "priority_title": [
            "محو الأمية وتعليم الكبار",
            "التحول الرقمي في التعليم العام",
            "صون التراث الثقافي غير المادي",
            "تطوير السياسة الوطنية للعلوم والتكنولوجيا",
            "التربية من أجل التنمية المستدامة",
            "التربية الإعلامية والمعلوماتية للشباب",
            "التعليم التقني والمهني الشامل",
            "الإدارة المستدامة للموارد المائية",
            "العلم المفتوح وتبادل البيانات البحثية",
            "التنمية المهنية المستمرة للمعلمين",
            "حماية المواقع الأثرية وترميمها",
        ],
        "priority_description": [
            (
                "خفض معدلات الأمية في صفوف الشباب والكبار، ولا سيما النساء في المناطق الريفية، من "
                "خلال مراكز تعليم مجتمعية."
            ),
            (
                "تزويد المدارس الحكومية بالاتصال بالإنترنت وبموارد تعليمية رقمية. ويشمل البرنامج "
                "تدريب المعلمين على توظيف هذه الأدوات في التدريس اليومي."
            ),
            (
                "حصر عناصر التراث الحي وتوثيقها ونقلها إلى الأجيال القادمة بالتشاور الوثيق مع "
                "الجماعات المعنية."
            ),
            (
                "تحديث الاستراتيجية الوطنية للبحث العلمي والابتكار بما يتلاءم مع القدرات البحثية "
                "القائمة واحتياجات الاقتصاد الوطني."
            ),
            (
                "إدماج قضايا تغير المناخ والاستدامة في المناهج الدراسية. وستُجرّب المواد التعليمية "
                "الجديدة في عدد من المدارس النموذجية قبل تعميمها."
            ),
            (
                "تعزيز التفكير النقدي لدى الشباب في مواجهة المعلومات المضللة عبر وحدات دراسية وورش "
                "عمل مجتمعية."
            ),
            (
                "توسيع فرص التحاق الفتيات والأشخاص ذوي الإعاقة بالتعليم التقني بما يستجيب لمتطلبات "
                "سوق العمل."
            ),
            (
                "تحسين رصد الأحواض المائية والمياه الجوفية وتعزيز قدرات الجهات الوطنية المعنية "
                "بالهيدرولوجيا. وستُتبادل البيانات مع البلدان المجاورة."
            ),
            "وضع إطار وطني للنشر العلمي المفتوح والاستخدام المشترك للبنى التحتية البحثية.",
            "إرساء نظام للتدريب المستمر لمعلمي المرحلة الثانوية، مع التركيز على الرياضيات والعلوم.",
        ],
        "achievements": [
            "اعتماد استراتيجية وطنية للتعليم الدامج بعد مشاورات واسعة مع الجهات المعنية.",
            (
                "تقديم ملفي ترشيح جديدين للإدراج في قائمة التراث العالمي، وتحديث خطط إدارة المواقع "
                "المدرجة."
            ),
            (
                "نظمت اللجنة الوطنية ورشة عمل إقليمية حول العلم المفتوح شارك فيها باحثون من أحد "
                "عشر بلدًا."
            ),
            (
                "تدريب أكثر من أربعة آلاف معلم ومعلمة على أساليب التعليم عن بُعد. وتُظهر دراسة "
                "المتابعة أن معظمهم باتوا يستخدمون الموارد الرقمية بانتظام."
            ),
            "إعلان محمية محيط حيوي جديدة وتشكيل لجنة إدارتها.",
            (
                "ارتفاع عدد المدارس المنتسبة من خمس وأربعين إلى اثنتين وسبعين مدرسة، مع انضمام "
                "مدارس من ثلاث محافظات لأول مرة."
            ),
            (
                "إطلاق حملة للتربية الإعلامية وصلت إلى أكثر من مئة وخمسين ألف شاب وشابة عبر "
                "الإذاعة ومواقع التواصل الاجتماعي."
            ),
            "تحديث القائمة الوطنية لحصر التراث الثقافي غير المادي ونشرها إلكترونيًا.",
            (
                "الاحتفال بالأيام الدولية من خلال فعاليات في المدارس والجامعات والمتاحف في مختلف "
                "أنحاء البلاد."
            ),
            "توقيع مذكرة تفاهم مع وزارة التعليم العالي لتنسيق المشاركة في البرامج العلمية للمنظمة.",
        ],
        "activity_areas": [
            "التربية من أجل التنمية المستدامة",
            "محو الأمية والتعلم مدى الحياة",
            "حماية التراث الثقافي وصونه",
            "علوم المحيطات وإدارة المناطق الساحلية",
            "حرية التعبير وسلامة الصحفيين",
            "أخلاقيات العلوم والتكنولوجيا",
            "إشراك الشباب والمشاركة المدنية",
            "الحد من مخاطر الكوارث",
            "التراث الوثائقي والأرشيف",
            "التعليم العالي والاعتراف بالمؤهلات",
        ],
        "challenges_other": [
            "كثرة تنقل الموظفين",
            "ارتفاع تكاليف الترجمة",
            "تأخر وصول المراسلات الرسمية",
            "ضعف الاتصال بالإنترنت",
            "تعاقب التغييرات في قيادة الوزارة",
            "عدم توفر مقر مستقل",
            "قلة مخصصات السفر",
            "ضعف الحضور الإعلامي",
            "تعقيد إجراءات المشتريات",
        ],
        "future_perspectives": [
            (
                "تسعى اللجنة الوطنية إلى ترسيخ دورها منصةً للحوار بين الجهات الحكومية والجامعات "
                "ومؤسسات المجتمع المدني."
            ),
            (
                "نعتزم توسيع شبكة المدارس المنتسبة لتشمل جميع المحافظات بحلول نهاية فترة السنتين "
                "القادمة."
            ),
            (
                "ستعمل اللجنة على إقامة شراكات جديدة مع القطاع الخاص لتمويل مشاريع صون التراث. "
                "ويجري حاليًا إعداد استراتيجية لتعبئة الموارد."
            ),
            "نطمح خلال السنوات القادمة إلى أن يصبح بلدنا مرجعًا إقليميًا في مجال العلم المفتوح.",
            "ستعزز اللجنة قدراتها الإعلامية للتعريف بأنشطة المنظمة على نطاق أوسع لدى الرأي العام.",
            (
                "نتطلع إلى تعاون أوثق مع اللجان الوطنية في البلدان المجاورة في مجالي التراث "
                "المشترك والمياه العابرة للحدود."
            ),
            "ستُولى الأولوية لمشاركة الشباب، بما في ذلك إنشاء مجلس استشاري للشباب داخل اللجنة.",
            (
                "تعتزم اللجنة مراجعة نظامها الأساسي بهدف توضيح ولايتها وضمان بند ثابت في الميزانية "
                "العامة."
            ),
            (
                "سيتركز العمل مستقبلًا على التحول الرقمي في التعليم والحد من الفجوات التعليمية "
                "التي اتسعت خلال الجائحة."
            ),
        ],
        "proposal": [
            (
                "عقد جلسات إحاطة دورية عبر الإنترنت للجان الوطنية بشأن البرامج ودعوات تقديم "
                "المقترحات المرتقبة."
            ),
            "موافاة اللجان الوطنية بمشاريع الوثائق في وقت مبكر لإتاحة إجراء مشاورات وطنية وافية.",
            (
                "إنشاء آلية للتعلم بين الأقران تجمع اللجان الوطنية في المنطقة الواحدة. فمن شأن ذلك "
                "تيسير تبادل الممارسات الجيدة."
            ),
            (
                "إتاحة المبادئ التوجيهية الرئيسية باللغة العربية تيسيرًا لاستخدامها على المستوى "
                "الوطني."
            ),
            (
                "إنشاء منصة إلكترونية ميسرة تتيح للجان الوطنية الإبلاغ عن أنشطتها ومتابعة "
                "المبادرات المشتركة."
            ),
            "إشراك اللجان الوطنية بصورة منهجية في تخطيط أنشطة المكاتب الميدانية.",
            "تنظيم دورات تدريبية قصيرة للأمناء العامين ومسؤولي البرامج المعينين حديثًا.",
            "تيسير مبادرات مشتركة لحشد الموارد حول أولويات تتقاسمها عدة دول أعضاء.",
            "تبسيط نماذج التقارير ومواءمة مواعيدها مع دورات الميزانية الوطنية.",
        ],
        "post_covid_education": [
            "تطوير نماذج للتعليم المدمج تجمع بين التدريس الحضوري والمحتوى الرقمي الجيد.",
            (
                "الاستثمار في تأهيل المعلمين للتدريس عن بُعد والتعليم الهجين. كما ينبغي توفير "
                "الدعم اللازم لرفاههم النفسي والمهني."
            ),
            "وضع برامج علاجية لتعويض الفاقد التعليمي، مع إعطاء الأولوية لأبناء الأسر محدودة الدخل.",
            (
                "ضمان اتصال ميسور التكلفة بالإنترنت لجميع المدارس والمتعلمين، بما في ذلك في "
                "المناطق النائية."
            ),
            (
                "تعزيز خدمات الصحة والتغذية المدرسية حتى تتمكن المدارس من مواصلة عملها بأمان في "
                "الأزمات المقبلة."
            ),
            "إنشاء مستودعات وطنية للموارد التعليمية المفتوحة متوافقة مع المناهج الدراسية.",
            "مراجعة نظم التقييم والامتحانات لتصبح أكثر مرونة وملاءمة لحالات انقطاع الدراسة.",
            "تعزيز الدعم النفسي والاجتماعي للطلبة وتوثيق الصلة بين المدرسة والأسرة.",
            "إعداد خطط وطنية لاستمرارية التعليم يمكن تفعيلها بسرعة في حال إغلاق المدارس مجددًا.",
        ],
        "post_covid_culture": [
            (
                "إنشاء صناديق طوارئ لدعم الفنانين والعاملين في القطاع الثقافي الذين فقدوا مصادر "
                "دخلهم خلال الجائحة."
            ),
            "دعم رقمنة مجموعات المتاحف والمحفوظات الوطنية لتوسيع إتاحتها للجمهور.",
            (
                "تشجيع نماذج عمل جديدة للصناعات الإبداعية، منها التوزيع الرقمي وبيع التذاكر عبر "
                "الإنترنت."
            ),
            (
                "توسيع مظلة الحماية الاجتماعية لتشمل العاملين في المجال الثقافي، ولا سيما العاملين "
                "لحسابهم الخاص."
            ),
            "تنشيط السياحة الثقافية الداخلية مع مراعاة الطاقة الاستيعابية للمواقع التراثية.",
            (
                "إدراج الثقافة في خطط التعافي الوطنية بوصفها رافدًا للتماسك الاجتماعي وفرص العمل. "
                "وينبغي أن يقترن ذلك بمخصصات مالية واضحة."
            ),
            "تدريب الحرفيين والمؤسسات الثقافية الصغيرة على المهارات الرقمية.",
            (
                "تنظيم مهرجانات وفعاليات في الهواء الطلق تتيح للجمهور العودة الآمنة إلى الحياة "
                "الثقافية."
            ),
            "توثيق الطرق التي كيّفت بها المجتمعات المحلية ممارساتها التراثية خلال فترات الإغلاق.",
        ],
        "post_covid_science": [
            "زيادة الإنفاق العام على البحث والتطوير، ولا سيما في العلوم الصحية وعلوم الحياة.",
            "تعزيز التعاون الدولي في تبادل البيانات وإتاحة المنشورات العلمية مجانًا.",
            (
                "توطيد الصلة بين العلم وصنع السياسات حتى تستند القرارات في الأزمات إلى أدلة علمية "
                "رصينة."
            ),
            (
                "دعم الباحثين الشباب الذين تعطلت مسيرتهم المهنية بسبب الجائحة من خلال المنح "
                "الدراسية ومنح التنقل."
            ),
            "تحسين فهم الجمهور للعلوم ومكافحة المعلومات المضللة عبر برامج للتواصل العلمي.",
            "تطوير قدرات المختبرات الوطنية وتشجيع الاستخدام المشترك للأجهزة بين المؤسسات البحثية.",
            "تشجيع مبادرات العلوم التشاركية التي تُشرك المواطنين في جمع البيانات ورصدها.",
            (
                "إدماج الاعتبارات الأخلاقية في بروتوكولات البحث في حالات الطوارئ. ومن شأن وضع "
                "مبادئ توجيهية واضحة أن يساعد لجان الأخلاقيات على البت السريع."
            ),
            "تشجيع البحوث متعددة التخصصات التي تربط بين الصحة والبيئة والعلوم الاجتماعية.",
        ],
        "women_proposals": [
            "إطلاق برامج إرشاد تربط الباحثات الشابات بعالمات ذوات خبرة.",
            (
                "جمع بيانات مصنفة حسب الجنس في مجالات التربية والعلوم والثقافة ونشرها للاسترشاد "
                "بها في رسم السياسات."
            ),
            (
                "دعم رائدات الأعمال في الصناعات الثقافية والإبداعية من خلال التدريب وتيسير الحصول "
                "على التمويل."
            ),
            (
                "تشجيع الفتيات على الالتحاق بمسارات العلوم والتكنولوجيا والهندسة والرياضيات منذ "
                "المرحلة الابتدائية."
            ),
            "تنظيم حملة وطنية لإبراز إسهام المرأة في التراث الثقافي للبلاد.",
            (
                "تعزيز التدابير الرامية إلى مكافحة العنف القائم على النوع الاجتماعي في المدارس "
                "والجامعات. وينبغي إتاحة آليات إبلاغ واضحة لجميع الطلبة."
            ),
            "ضمان تمثيل متوازن للمرأة في هيئات صنع القرار في اللجنة الوطنية.",
            "تدريب الصحفيات على الأمن الرقمي ودعم شبكاتهن المهنية.",
            "استحداث جائزة وطنية لتكريم النساء المتميزات في البحث العلمي والابتكار.",
        ],
        "comments": [
            "اتسم التعاون مع المنظمة خلال هذا العام بالإيجابية وسرعة الاستجابة.",
            (
                "نثمّن انتظام التواصل مع المكتب الإقليمي، غير أننا نرجو إخطارنا بمواعيد الاجتماعات "
                "في وقت أبكر."
            ),
            (
                "تعرب اللجنة الوطنية عن تقديرها للدعم الفني المقدم، ولا سيما في إعداد ملفات "
                "الترشيح للتراث العالمي."
            ),
            "شهد التواصل تحسنًا ملحوظًا منذ اعتماد اجتماعات التنسيق عبر الإنترنت.",
            "نأمل في إشراك اللجنة الوطنية على نحو أكبر في تصميم البرامج الإقليمية التي تخص بلدنا.",
            (
                "تشكر اللجنة الأمانة على مرونتها خلال الجائحة. وقد أتاح دعمها استمرار كثير من "
                "الأنشطة عن بُعد."
            ),
            "التعاون مُرضٍ بوجه عام، وإن كانت الإجراءات الإدارية لا تزال تستغرق وقتًا طويلًا.",
            "نتطلع إلى تعميق شراكتنا مع المنظمة خلال فترة السنتين القادمة.",
            "أسهمت الأنشطة المشتركة في تعزيز حضور المنظمة في البلاد، ومن المهم مواصلتها.",
        ],
        "participants": [
            "الأمين العام للجنة الوطنية، ومسؤولا برامج، ومدير إدارة التعاون الدولي",
            "الأمين العام، والأمين العام المساعد، ورئيس المكتب الإقليمي",
            (
                "مسؤولة برنامج التربية، وممثلون عن وزارة التربية والتعليم، ومنسق قطاع التربية في "
                "الأمانة"
            ),
            "رئيس اللجنة الوطنية، والأمين العام، والمندوب الدائم",
            "مسؤول برنامج الثقافة، ومدير عام الآثار، وخبيران من الأمانة",
            "الأمين العام، ومسؤولة برنامج العلوم، وممثلون عن أكاديمية البحث العلمي",
            "أعضاء المكتب التنفيذي للجنة، والمنسق الإقليمي في الأمانة",
            "الأمينة العامة، ومسؤول الإعلام، ومنسقة شبكة الشباب",
            "مدير التعاون الدولي، وممثل وزارة الخارجية، واثنان من موظفي الأمانة",
        ],
        "topics": [
            "التحضير للمشاورات بشأن البرنامج والميزانية المقبلين",
            "سير ملفات الترشيح الوطنية للتراث",
            "المشاركة في الرصد العالمي للتعليم",
            "فرص التمويل في إطار برنامج المساهمة",
            "التنظيم المشترك للاحتفال بالأيام الدولية",
            "متابعة توصيات الدورة الأخيرة للمؤتمر العام",
            "تعزيز شبكة المدارس المنتسبة",
            "احتياجات اللجنة الوطنية في مجال بناء القدرات",
            "التعاون في علوم المحيطات وقدرة السواحل على الصمود",
            "تنفيذ التوصية الخاصة بالعلم المفتوح",
        ],
        "action": [
            "إرسال ملف الترشيح المحدّث",
            "موافاة الأمانة بقائمة الخبراء الوطنيين",
            "تنظيم ورشة عمل مشتركة حول تدريب المعلمين",
            "إعداد مذكرة مفاهيمية لبرنامج المساهمة",
            "تحديث قائمة جهات الاتصال",
            "ترجمة المبادئ التوجيهية إلى اللغة العربية",
            "عقد اجتماع متابعة بعد ثلاثة أشهر",
            "وضع خطة إعلامية مشتركة",
            "تعميم محضر الاجتماع على جميع المشاركين",
            "تحديد المدارس التجريبية لمشروع التربية المناخية",
        ],
        "responsible": [
            "اللجنة الوطنية",
            "الأمانة – قطاع التربية",
            "الأمانة – قطاع الثقافة",
            "الأمانة – قطاع العلوم",
            "المكتب الإقليمي",
            "وزارة الثقافة",
            "وزارة التربية والتعليم",
            "وزارة التعليم العالي والبحث العلمي",
            "اللجنة الوطنية والأمانة بالاشتراك",
            "الوفد الدائم",
        ],
        "recommendations": [
            "تعزيز التواصل بين اللجنة الوطنية والمكتب الإقليمي من خلال اجتماعات تنسيق شهرية.",
            (
                "إعداد طلبات برنامج المساهمة قبل الموعد النهائي بوقت كافٍ. ويمكن عرض المسودات على "
                "الأمانة لإبداء الملاحظات."
            ),
            "إشراك الوزارات المعنية منذ انطلاق كل مشروع مشترك.",
            "وضع خطة عمل وطنية لتنفيذ التوصية الخاصة بالعلم المفتوح.",
            "النظر في عقد اجتماع دون إقليمي للجان الوطنية في العام المقبل.",
            "الحرص على تحديث الموقع الإلكتروني للجنة الوطنية بانتظام بمعلومات عن برامج المنظمة.",
            "مراجعة تشكيل اللجان الفرعية الوطنية لضمان تمثيل جميع مجالات الاختصاص.",
            "توثيق النتائج بصورة منهجية لتيسير إعداد التقارير مستقبلًا وحشد الموارد.",
            "تعيين جهة اتصال مختصة بشؤون الشباب والمساواة بين الجنسين داخل اللجنة.",
        ],
        "support_needed": [
            "مساعدة فنية في إعداد التقرير الدوري بشأن تنفيذ اتفاقيات التراث.",
            "تدريب الموظفين على إدارة المشاريع وإعداد التقارير القائمة على النتائج.",
            "دعم مالي لتنظيم حوار وطني حول إصلاح التعليم.",
            (
                "الاستعانة بخبراء في السياسات العلمية لمواكبة مراجعة الاستراتيجية الوطنية. وتكفي "
                "في هذه المرحلة بعثة قصيرة مدتها أسبوعان."
            ),
            "المساعدة في ترجمة الوثائق الرئيسية إلى اللغة العربية.",
            "إرشادات بشأن حشد الموارد وإقامة الشراكات مع القطاع الخاص.",
            "معدات وبرمجيات لتعزيز القدرات الإعلامية للجنة.",
            "المشورة بشأن إنشاء لجنة وطنية لمحميات المحيط الحيوي.",
            "المساعدة في وضع مؤشرات لرصد التقدم المحرز نحو تحقيق الأهداف التعليمية.",
        ],
        "return_comment": [
            "يُرجى تقديم ميزانية تفصيلية للأولوية الثانية موزعة حسب الأنشطة.",
            "وصف الإنجازات عام أكثر مما ينبغي. يُرجى إضافة أرقام وتواريخ محددة.",
            "عدة أقسام غير مكتملة. نرجو استكمال قسمي التحديات والدعم المطلوب قبل إعادة التقديم.",
            "يُرجى توضيح الوزارات المسؤولة عن الإجراءات الواردة في محضر الاجتماع.",
            "الأولويات المذكورة لا تتطابق مع ما نوقش في الاجتماع الثنائي الأخير. يُرجى مراجعتها.",
            "نرجو تحديد الإطار الزمني المتوقع لكل إجراء مقترح.",
            (
                "الإجابة المتعلقة بالتعليم بعد الجائحة تكرر مضمون القسم السابق. يُرجى تقديم "
                "مقترحات محددة."
            ),
            "يُرجى التحقق من أسماء المشاركين وصفاتهم، إذ يبدو أن بعضها ناقص.",
            "نرجو إرفاق الوثائق الداعمة المشار إليها في قسم الإنجازات.",
        ],
        "reopen_comment": [
            "أُعيد فتح الاستمارة بناءً على طلب اللجنة الوطنية لتحديث قائمة المشاركين.",
            "أُعيد الفتح لتصحيح خطأ في الأرقام الواردة في ميزانية الأولوية الأولى.",
            "أُعيد فتح الاستمارة ليتسنى للأمين العام الجديد مراجعة الأولويات.",
            "أُعيد الفتح في أعقاب الاجتماع الثنائي لإضافة الإجراءات المتفق عليها.",
            (
                "أُعيد الفتح لإدراج معلومات وردت بعد الاعتماد. ونرجو من اللجنة إعادة التقديم في "
                "غضون أسبوعين."
            ),
            "أُعيد الفتح لتعذر فتح الملف المرفق. يُرجى تحميله مرة أخرى.",
            (
                "أُعيد الفتح لمواءمة الأولويات مع الاستراتيجية الوطنية المعدلة التي اعتُمدت الشهر "
                "الماضي."
            ),
            "أُعيد الفتح بطلب من قطاع التربية لاستكمال القسم الخاص بالتعافي بعد الجائحة.",
            "أُعيد الفتح لإجراء تصويبات تحريرية طفيفة قبل نشر التقرير الموحد.",
        ],
    },
}
